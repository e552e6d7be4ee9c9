/**
 * The Athena view of the evidence store: one Glue table over records/v2 (docs/athena.md).
 *
 * Its columns come from evidence-schemas/evidence-record.v1.schema.json, so a record member cannot
 * be missing from the table; its partitions are projected from the key layout (lib/store/layout.ts):
 *
 *   records/v2/YYYY/MM/DD/HH/<check-id>/<account>/<region>/<root>-<count>-<sha256>.jsonl
 *              '---- dt ----' '- check_id -' '--- read as nested folders ---'
 *
 * `dt` (the UTC hour the object was written) is a date projection, `check_id` an enum of every
 * check in lib/checks. Account and region are not partitions: Athena reads every object below a
 * partition's location, nested folders included (Athena's documented table for ALB access logs is
 * rooted above their dated folders), and an enum of accounts would have to be redeployed for each
 * new member account. Queries filter on the records' own `account` and `region` instead.
 *
 * Each line is read by the OpenX JSON SerDe: it matches the lower-case column names to the
 * record's camelCase members (case.insensitive, its default) and hands a JSON object declared as a
 * string column over as its JSON text, which is how the free-form `observed` member is kept whole.
 */
import recordSchema from '../evidence-schemas/evidence-record.v1.schema.json' with { type: 'json' };
import metadataSchema from '../evidence-schemas/check-metadata.v1.schema.json' with { type: 'json' };
import statementSchema from '../evidence-schemas/batch-statement.v1.schema.json' with { type: 'json' };
import type { CheckMetadata } from '../lib/model/check.ts';
import { RECORDS_V2_PREFIX } from '../lib/store/layout.ts';

export const TABLE_NAME = 'evidence_records';
/** The first hour the projection lists: records/v2 objects exist from 2026 on. */
export const PROJECTION_START = '2026/01/01/00';
/** Where the DDL in docs/athena.md points; the deployed table points at the stack's bucket. */
const DDL_BUCKET = 'EVIDENCE_BUCKET';

/** A column type as Hive, Glue and Athena's DDL spell it. */
export type HiveType =
  | { kind: 'string' | 'boolean' | 'bigint' | 'double' }
  | { kind: 'array'; items: HiveType }
  | { kind: 'struct'; fields: Column[] };

/** A column or struct field, named as the record spells the member (Athena lower-cases it). */
export interface Column {
  name: string;
  type: HiveType;
}

interface SchemaNode {
  $ref?: string;
  type?: string;
  const?: unknown;
  enum?: unknown[];
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
}

const SCHEMAS: Record<string, { $defs: Record<string, unknown> }> = {
  '': recordSchema as never,
  'check-metadata.v1.json': metadataSchema as never,
  'batch-statement.v1.json': statementSchema as never,
};

function resolve(node: SchemaNode): SchemaNode {
  if (!node.$ref) return node;
  const m = /^([^#]*)#\/\$defs\/(\w+)$/.exec(node.$ref);
  const target = m && SCHEMAS[m[1]!]?.$defs[m[2]!];
  if (!target) throw new Error(`evidence-record schema: cannot resolve $ref ${node.$ref}`);
  return resolve(target as SchemaNode);
}

function hiveTypeOf(node: SchemaNode, path: string): HiveType {
  const n = resolve(node);
  if (n.type === 'object' || n.properties) {
    // A free-form object (observed) is read as its JSON text; json_extract_scalar reaches into it.
    if (!n.properties || Object.keys(n.properties).length === 0) return { kind: 'string' };
    return { kind: 'struct', fields: columnsOf(n.properties, path) };
  }
  if (n.type === 'array') return { kind: 'array', items: hiveTypeOf(n.items ?? {}, `${path}[]`) };
  if (n.type === 'boolean') return { kind: 'boolean' };
  if (n.type === 'integer') return { kind: 'bigint' };
  if (n.type === 'number') return { kind: 'double' };
  const values = n.enum ?? (n.const === undefined ? undefined : [n.const]);
  if (n.type === 'string' || values?.every((v) => typeof v === 'string')) return { kind: 'string' };
  throw new Error(`evidence-record schema: no column type for ${path}`);
}

function columnsOf(properties: Record<string, SchemaNode>, path: string): Column[] {
  return Object.entries(properties).map(([name, node]) => ({ name, type: hiveTypeOf(node, path ? `${path}.${name}` : name) }));
}

/** The table's columns: every member of an evidence record v1, in the schema's order. */
export function recordColumns(): Column[] {
  return columnsOf((recordSchema as SchemaNode).properties!, '');
}

/** Athena's reserved DDL keywords (its "Reserved keywords" page): identifiers the DDL must put in backticks. */
const DDL_RESERVED = new Set(`
  all alter and array as authorization between bigint binary boolean both by case cashe cast char column conf
  constraint commit create cross cube current current_date current_timestamp cursor database date dayofweek decimal
  delete describe distinct div double drop else end exchange exists extended external extract false fetch float floor
  following for foreign from full function grant group grouping having if import in inner insert int integer
  intersect interval into is join lateral left less like local macro map more none not null numeric of on only or
  order out outer over partialscan partition percent preceding precision preserve primary procedure range reads
  reduce regexp references revoke right rlike rollback rollup row rows select set smallint start table tablesample
  then time timestamp to transform trigger true truncate unbounded union uniquejoin update user using utc_timestamp
  values varchar views when where window with
`.split(/\s+/).filter(Boolean));
const ddlName = (name: string): string => (DDL_RESERVED.has(name.toLowerCase()) ? `\`${name.toLowerCase()}\`` : name.toLowerCase());

/** A type as Glue stores it (no quoting), or as the DDL writes it (`quote`: reserved names in backticks). */
function hiveTypeText(type: HiveType, quote = false): string {
  if (type.kind === 'array') return `array<${hiveTypeText(type.items, quote)}>`;
  if (type.kind === 'struct') return `struct<${type.fields.map((f) => `${quote ? ddlName(f.name) : f.name.toLowerCase()}:${hiveTypeText(f.type, quote)}`).join(',')}>`;
  return type.kind;
}

/** The partition columns, in the key's order. */
const PARTITION_COLUMNS = ['dt', 'check_id'] as const;

/** Below the records root, where one partition's objects are: Athena fills in the partition values. */
const LOCATION_TEMPLATE = '${dt}/${check_id}/';

/** The projection's table properties, without the location template (which needs the bucket). */
export function projectionProperties(checks: readonly CheckMetadata[]): Record<string, string> {
  return {
    'projection.enabled': 'true',
    'projection.dt.type': 'date',
    'projection.dt.format': 'yyyy/MM/dd/HH',
    'projection.dt.range': `${PROJECTION_START},NOW`,
    'projection.dt.interval': '1',
    'projection.dt.interval.unit': 'HOURS',
    'projection.check_id.type': 'enum',
    'projection.check_id.values': checks.map((c) => c.id).sort().join(','),
  };
}

const SERDE = 'org.openx.data.jsonserde.JsonSerDe';
/** case.insensitive: lower-case columns match camelCase members; a malformed line fails the query, never becomes an empty row. */
const SERDE_PROPERTIES = { 'case.insensitive': 'TRUE', 'ignore.malformed.json': 'FALSE' };
const INPUT_FORMAT = 'org.apache.hadoop.mapred.TextInputFormat';
const OUTPUT_FORMAT = 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat';

const quoted = (properties: Record<string, string>): string =>
  Object.entries(properties).map(([k, v]) => `  '${k}' = '${v}'`).join(',\n');

/** The CREATE EXTERNAL TABLE statement docs/athena.md shows (and deploy/generated/athena-table.sql holds). */
export function athenaTableDdl(checks: readonly CheckMetadata[]): string {
  const root = `s3://${DDL_BUCKET}/${RECORDS_V2_PREFIX}`;
  const columns = recordColumns().map((c) => `  ${ddlName(c.name)} ${hiveTypeText(c.type, true)}`).join(',\n');
  return [
    `CREATE EXTERNAL TABLE ${TABLE_NAME} (`,
    columns,
    ')',
    `PARTITIONED BY (${PARTITION_COLUMNS.map((p) => `${p} string`).join(', ')})`,
    `ROW FORMAT SERDE '${SERDE}'`,
    `WITH SERDEPROPERTIES (\n${quoted(SERDE_PROPERTIES)}\n)`,
    `STORED AS INPUTFORMAT '${INPUT_FORMAT}'`,
    `OUTPUTFORMAT '${OUTPUT_FORMAT}'`,
    `LOCATION '${root}'`,
    `TBLPROPERTIES (\n${quoted({ ...projectionProperties(checks), 'storage.location.template': `${root}${LOCATION_TEMPLATE}` })}\n);`,
    '',
  ].join('\n');
}

/**
 * The same table as CloudFormation (AWS::Glue::Database + AWS::Glue::Table), in the deployment's
 * bucket and evidence prefix; serverless.yml includes it from deploy/generated/athena.json.
 */
export function athenaResources(checks: readonly CheckMetadata[]): Record<string, unknown> {
  // Fn::Join, not Fn::Sub: the template's ${dt} and ${check_id} are Athena's, not CloudFormation's.
  const root = ['s3://', { Ref: 'EvidenceBucket' }, `/\${self:custom.evidencePrefix}${RECORDS_V2_PREFIX}`];
  const template = { 'Fn::Join': ['', [...root, LOCATION_TEMPLATE]] };
  return {
    EvidenceDatabase: {
      Type: 'AWS::Glue::Database',
      Properties: {
        CatalogId: { Ref: 'AWS::AccountId' },
        DatabaseInput: { Name: 'trailproof_${sls:stage}', Description: 'trailproof evidence records (docs/athena.md)' },
      },
    },
    EvidenceRecordsTable: {
      Type: 'AWS::Glue::Table',
      Properties: {
        CatalogId: { Ref: 'AWS::AccountId' },
        DatabaseName: { Ref: 'EvidenceDatabase' },
        TableInput: {
          Name: TABLE_NAME,
          Description: 'One row per evidence record in records/v2 (JSON Lines, one signed batch per object); partitions projected from the key.',
          TableType: 'EXTERNAL_TABLE',
          Parameters: { EXTERNAL: 'TRUE', classification: 'json', ...projectionProperties(checks), 'storage.location.template': template },
          PartitionKeys: PARTITION_COLUMNS.map((name) => ({ Name: name, Type: 'string' })),
          StorageDescriptor: {
            Columns: recordColumns().map((c) => ({ Name: c.name.toLowerCase(), Type: hiveTypeText(c.type) })),
            Location: { 'Fn::Join': ['', root] },
            InputFormat: INPUT_FORMAT,
            OutputFormat: OUTPUT_FORMAT,
            SerdeInfo: { SerializationLibrary: SERDE, Parameters: SERDE_PROPERTIES },
          },
        },
      },
    },
  };
}

/** The markers around the DDL block in docs/athena.md: the generator rewrites what is between them. */
export const DOC_BLOCK_START = '<!-- BEGIN GENERATED DDL: npm run generate:deploy rewrites this block from deploy/athena.ts -->';
export const DOC_BLOCK_END = '<!-- END GENERATED DDL -->';

/** `doc` with its generated block holding `ddl`; a doc without exactly one block is refused, never appended to. */
export function docsWithDdl(doc: string, ddl: string): string {
  const start = doc.indexOf(DOC_BLOCK_START);
  const end = doc.indexOf(DOC_BLOCK_END);
  if (start < 0 || end < start || doc.indexOf(DOC_BLOCK_START, start + 1) >= 0) {
    throw new Error(`docs/athena.md: expected one block between "${DOC_BLOCK_START}" and "${DOC_BLOCK_END}"`);
  }
  return `${doc.slice(0, start + DOC_BLOCK_START.length)}\n\`\`\`sql\n${ddl}\`\`\`\n${doc.slice(end)}`;
}
