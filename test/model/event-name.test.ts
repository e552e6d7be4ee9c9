import { describe, expect, it } from 'vitest';
import { eventNameStem } from '../../lib/model/event-name.ts';

describe('eventNameStem', () => {
  it.each([
    // Lambda: 8-digit API dates, with and without a revision
    ['AddPermission20150331v2', 'AddPermission'],
    ['AddPermission20150331', 'AddPermission'],
    ['CreateFunction20150331', 'CreateFunction'],
    ['UpdateFunctionConfiguration20150331v2', 'UpdateFunctionConfiguration'],
    ['CreateFunctionUrlConfig20211031', 'CreateFunctionUrlConfig'],
    ['AddLayerVersionPermission20181031', 'AddLayerVersionPermission'],
    ['PutFunctionConcurrency20171031', 'PutFunctionConcurrency'],
    ['RemovePermission20150331v12', 'RemovePermission'],
    // CloudFront: YYYY_MM_DD dates
    ['UpdateDistribution2020_05_31', 'UpdateDistribution'],
    ['CreateDistribution2020_05_31', 'CreateDistribution'],
    ['UpdateDistribution2014_01_31', 'UpdateDistribution'],
    ['UpdateDistribution2020_05_31v2', 'UpdateDistribution'],
  ])('strips the API version of %s', (versioned, stem) => {
    // Act
    const actual = eventNameStem(versioned);

    // Assess
    expect(actual).toBe(stem);
  });

  it.each([
    // ordinary names
    'CreateUser',
    'PutBucketPolicy',
    'AssumeRoleWithSAML',
    'GetObject',
    'ConsoleLogin',
    '*',
    // names with digits that are no API date
    'CreateEc2Instance',
    'Ec2',
    'ListObjectsV2',
    'GetBucketV2',
    'DescribeVolumesV2v2',
    'PutS3Object',
    'CreateTable2',
    'Foo2015033', // 7 digits
    'Foo120150331', // 9 digits: the date is not the whole suffix
    'Foo20151331', // month 13
    'Foo20150332', // day 32
    'Foo19990331', // not a 20YY year
    'Foo2020_5_31', // unpadded month
    'Foo2020_05_31V2', // uppercase revision
    'Foo20150331v', // revision without digits
    '20150331', // a bare date has no stem
    'A20150331', // a one-letter stem is no API name
    'UpdateDistribution2020-05-31', // dashes are not the documented form
  ])('leaves %s whole', (name) => {
    // Act
    const actual = eventNameStem(name);

    // Assess
    expect(actual).toBe(name);
  });
});
