import { describe, expect, it } from 'vitest';
import { createAwsClients } from '../../lib/collectors/clients.ts';
import { SDK_MAX_ATTEMPTS } from '../../lib/collectors/read.ts';

describe('createAwsClients', () => {
  it('builds real clients for the region with the retry budget of SDK_MAX_ATTEMPTS', async () => {
    // Prepare
    const credentials = { accessKeyId: 'x', secretAccessKey: 'y' };

    // Act
    const clients = createAwsClients('eu-west-2', { credentials });

    // Assess
    expect(Object.keys(clients).sort()).toEqual(['cloudtrail', 'config', 'ec2', 'elbv2', 'iam', 'kms', 'rds', 's3', 's3control']);
    expect(await clients.ec2.config.region()).toBe('eu-west-2');
    expect(await clients.s3.config.maxAttempts()).toBe(SDK_MAX_ATTEMPTS);
  });
});
