import { readFileSync } from "node:fs";
import { get_dmmf } from "@prisma/prisma-schema-wasm";
import pg from "pg";

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "enum" | "object" | "unsupported";
  type: string;
  isList: boolean;
  isRequired: boolean;
  nativeType?: [string, string[]] | null;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
interface DmmfIndex {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  fields: { name: string }[];
}
interface Dmmf {
  datamodel: {
    models: DmmfModel[];
    enums: { name: string; dbName?: string | null; values: { name: string; dbName?: string | null }[] }[];
    indexes: DmmfIndex[];
  };
}

/** The column type Prisma's PostgreSQL migrations create for a field (format_type spelling). */
function expectedType(field: DmmfField): string {
  const native = field.nativeType?.[0];
  const args = field.nativeType?.[1] ?? [];
  let base: string;
  if (field.kind === "enum") base = `"${field.type}"`;
  else if (native) {
    const byNative: Record<string, string> = {
      Uuid: "uuid",
      Text: "text",
      Timestamptz: `timestamp(${args[0] ?? 3}) with time zone`,
      Timestamp: `timestamp(${args[0] ?? 3}) without time zone`,
      VarChar: `character varying(${args[0]})`,
      Integer: "integer",
      BigInt: "bigint",
      JsonB: "jsonb",
    };
    base = byNative[native] ?? native.toLowerCase();
  } else {
    const byType: Record<string, string> = {
      String: "text",
      Int: "integer",
      BigInt: "bigint",
      Boolean: "boolean",
      DateTime: "timestamp(3) without time zone",
      Json: "jsonb",
      Float: "double precision",
      Decimal: "numeric(65,30)",
      Bytes: "bytea",
    };
    base = byType[field.type] ?? field.type;
  }
  return field.isList ? `${base}[]` : base;
}

const unquote = (t: string) => t.replaceAll('"', "");

/**
 * Differences between a Prisma schema and a database that ran the migrations: tables,
 * columns (type and nullability), enums and indexes each side has that the other lacks.
 * An empty list means the migrations build exactly what the schema describes.
 */
export async function schemaDrift(schemaFile: string, databaseUrl: string): Promise<string[]> {
  const dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: readFileSync(schemaFile, "utf8") }))) as Dmmf;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const problems: string[] = [];
  try {
    const columns = await client.query<{ table_name: string; column_name: string; type: string; not_null: boolean }>(`
      SELECT c.relname AS table_name, a.attname AS column_name,
             format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
        AND c.relname <> '_prisma_migrations'`);
    const enums = await client.query<{ name: string; value: string }>(`
      SELECT t.typname AS name, e.enumlabel AS value FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
      JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = current_schema() ORDER BY t.typname, e.enumsortorder`);
    const indexes = await client.query<{ table_name: string; columns: string[]; is_unique: boolean; is_primary: boolean }>(`
      SELECT t.relname AS table_name, i.indisunique AS is_unique, i.indisprimary AS is_primary,
             array_agg(a.attname::text ORDER BY k.ord) AS columns
      FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
      CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE n.nspname = current_schema() AND t.relname <> '_prisma_migrations'
        -- Partial indexes (CREATE ... WHERE) cannot be written in schema.prisma: a migration
        -- adds them for guarantees Prisma cannot state, and the comparison leaves them out.
        AND i.indpred IS NULL
      GROUP BY t.relname, i.indexrelid, i.indisunique, i.indisprimary`);

    const tables = new Map<string, Map<string, { type: string; notNull: boolean }>>();
    for (const c of columns.rows) {
      const table = tables.get(c.table_name) ?? new Map();
      table.set(c.column_name, { type: unquote(c.type), notNull: c.not_null });
      tables.set(c.table_name, table);
    }

    const modelTables = new Set<string>();
    for (const model of dmmf.datamodel.models) {
      const tableName = model.dbName ?? model.name;
      modelTables.add(tableName);
      const table = tables.get(tableName);
      if (!table) {
        problems.push(`table ${tableName} (model ${model.name}) is not created by the migrations`);
        continue;
      }
      const fieldColumns = new Set<string>();
      for (const field of model.fields) {
        if (field.kind === "object") continue;
        const column = field.dbName ?? field.name;
        fieldColumns.add(column);
        const actual = table.get(column);
        if (!actual) {
          problems.push(`column ${tableName}.${column} (${model.name}.${field.name}) is not created by the migrations`);
          continue;
        }
        const type = unquote(expectedType(field));
        if (actual.type !== type) problems.push(`column ${tableName}.${column}: schema says ${type}, migrations made ${actual.type}`);
        // Prisma creates scalar lists as nullable columns.
        const notNull = field.isRequired && !field.isList;
        if (actual.notNull !== notNull)
          problems.push(
            `column ${tableName}.${column}: schema says ${notNull ? "NOT NULL" : "nullable"}, migrations made it ${actual.notNull ? "NOT NULL" : "nullable"}`,
          );
      }
      for (const column of table.keys()) {
        if (!fieldColumns.has(column)) problems.push(`column ${tableName}.${column} exists after the migrations but not in the schema`);
      }
    }
    for (const table of tables.keys()) {
      if (!modelTables.has(table)) problems.push(`table ${table} exists after the migrations but no model maps to it`);
    }

    const dbEnums = new Map<string, string[]>();
    for (const e of enums.rows) dbEnums.set(e.name, [...(dbEnums.get(e.name) ?? []), e.value]);
    for (const e of dmmf.datamodel.enums) {
      const name = e.dbName ?? e.name;
      const values = e.values.map((v) => v.dbName ?? v.name);
      const actual = dbEnums.get(name);
      if (!actual) problems.push(`enum ${name} is not created by the migrations`);
      else if (actual.join(",") !== values.join(",")) problems.push(`enum ${name}: schema says [${values}], migrations made [${actual}]`);
      dbEnums.delete(name);
    }
    for (const name of dbEnums.keys()) problems.push(`enum ${name} exists after the migrations but not in the schema`);

    const columnOf = (modelName: string, fieldName: string) => {
      const model = dmmf.datamodel.models.find((m) => m.name === modelName);
      const field = model?.fields.find((f) => f.name === fieldName);
      return field?.dbName ?? fieldName;
    };
    const kindOf = (i: { is_primary: boolean; is_unique: boolean }) => (i.is_primary ? "id" : i.is_unique ? "unique" : "normal");
    const key = (table: string, kind: string, cols: string[]) => `${kind} ${table}(${cols.join(", ")})`;
    const actualIndexes = new Set(indexes.rows.map((i) => key(i.table_name, kindOf(i), i.columns)));
    const expectedIndexes = new Set(
      dmmf.datamodel.indexes.map((i) => {
        const model = dmmf.datamodel.models.find((m) => m.name === i.model);
        return key(
          model?.dbName ?? i.model,
          i.type,
          i.fields.map((f) => columnOf(i.model, f.name)),
        );
      }),
    );
    for (const k of expectedIndexes)
      if (!actualIndexes.has(k)) problems.push(`index ${k} is in the schema but not created by the migrations`);
    for (const k of actualIndexes)
      if (!expectedIndexes.has(k)) problems.push(`index ${k} exists after the migrations but not in the schema`);
  } finally {
    await client.end();
  }
  return problems;
}
