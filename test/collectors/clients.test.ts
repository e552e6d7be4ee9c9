import { describe, expect, it } from 'vitest';
import { EC2Client } from '@aws-sdk/client-ec2';
import { S3Client } from '@aws-sdk/client-s3';
import { createAwsClients } from '../../lib/collectors/clients.ts';
import { SDK_MAX_ATTEMPTS } from '../../lib/collectors/read.ts';

describe('createAwsClients', () => {
  it('builds real clients for the region with the retry budget of SDK_MAX_ATTEMPTS', async () => {
    // Prepare
    const credentials = { accessKeyId: 'x', secretAccessKey: 'y' };

    // Act
    const clients = createAwsClients('eu-west-2', { credentials });

    // Assess
    expect(await clients.get(EC2Client).config.region()).toBe('eu-west-2');
    expect(await clients.get(S3Client).config.maxAttempts()).toBe(SDK_MAX_ATTEMPTS);
    expect(await clients.get(S3Client).config.credentials()).toMatchObject(credentials);
  });

  it('makes each client once, on first use, and tells the creation hook', () => {
    // Prepare
    const made: string[] = [];
    const clients = createAwsClients('eu-west-2', { onCreate: (client) => made.push((client as EC2Client).config.serviceId) });
    // Act
    const first = clients.get(EC2Client);
    const second = clients.get(EC2Client);
    // Assess
    expect(second).toBe(first);
    expect(made).toEqual(['EC2']);
  });

  it('addresses a custom endpoint path-style (a local S3 server has no per-bucket DNS names)', async () => {
    // Act
    const clients = createAwsClients('us-east-1', { endpoint: 'http://127.0.0.1:7480' });
    // Assess
    expect(clients.get(S3Client).config.forcePathStyle).toBe(true);
    expect((await clients.get(S3Client).config.endpoint!()).hostname).toBe('127.0.0.1');
  });
});
