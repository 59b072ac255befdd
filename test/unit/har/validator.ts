// The HAR 1.2 JSON schema (npm har-schema, draft-06) compiled by a current validator (ajv 8).
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);
const schemas = require('har-schema') as Record<string, object>;
const draft6 = require('ajv/dist/refs/json-schema-draft-06.json') as object;

export function harValidator(): (har: unknown) => string[] {
  // har-schema uses keywords outside the standard ("min" on numbers): not strict.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addMetaSchema(draft6);
  for (const schema of Object.values(schemas)) ajv.addSchema(schema);
  const validate = ajv.getSchema('har.json#');
  if (!validate) throw new Error('har-schema has no har.json');
  return (har) => (validate(har) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
}
