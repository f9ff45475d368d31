// kqlite's public API.

export { runQuery, resolveNow, tableFromObjects, type RunQueryOptions, type RowObject } from './api.js';
export { parse } from './parser/index.js';
export { compileQuery, executeQuery, type EngineSources, type ViewDefinition, type CompiledQuery } from './engine/index.js';
export { KqlError, formatDiagnostic, type Span } from './diagnostics.js';
export { Table, type ColumnInfo } from './tables/table.js';
export { SchemaCatalog, type SchemaFlavor } from './tables/schema.js';
export { tableToResult, resultToJson, valueToJson, type QueryResult, type ResultColumn } from './result.js';
export { readRuleFile, type RuleFile } from './harness/rule-file.js';
export type { ScalarType, Value, Dynamic } from './types.js';
