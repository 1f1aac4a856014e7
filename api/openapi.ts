// The OpenAPI document of the HTTP API, served at /api/v1/openapi.json. Schemas come from the
// same zod schemas the code validates with, so the document cannot drift from the record.
import { z } from 'zod';
import { RecordSchema } from '../pipeline/record.ts';

const problem = {
  description: 'A problem (RFC 9457) whose detail says what to fix',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};

const listParam = (name: string, description: string) => ({
  name, in: 'query', required: false, description: `${description} Repeat the parameter or separate values with commas.`,
  schema: { type: 'array', items: { type: 'string' } }, style: 'form', explode: true,
});

export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'DLXH Monitor API',
      version: '0.1.0',
      description: 'Public-opinion (DLXH) monitoring for a Vietnamese province: searchable records with their Vietnamese analysis.',
    },
    paths: {
      '/healthz': { get: { summary: 'Liveness', responses: { 200: { description: 'The process is up' } } } },
      '/readyz': { get: { summary: 'Readiness', responses: { 200: { description: 'The store is reachable' }, 503: problem } } },
      '/api/v1/records': {
        get: {
          summary: 'Search records, newest first',
          parameters: [
            { name: 'q', in: 'query', description: 'Words, "quoted phrases" and -exclusions, or a boolean query with AND, OR, NOT (in capitals) and parentheses ("cao tốc" AND ("bồi thường" OR "giải phóng mặt bằng") -"quảng cáo"); diacritic-insensitive when typed without diacritics, exact when typed with them. A query whose operators do not parse is read as plain words.', schema: { type: 'string', maxLength: 2000 } },
            { name: 'from', in: 'query', description: 'Date (2026-11-18, Vietnam time) or ISO date-time with offset.', schema: { type: 'string' } },
            { name: 'to', in: 'query', description: 'Date or ISO date-time with offset.', schema: { type: 'string' } },
            listParam('source', 'Source ids.'),
            listParam('topic', 'Topic ids (config/topics.yaml).'),
            { ...listParam('sentiment', 'Sentiment labels.'), schema: { type: 'array', items: { enum: ['negative', 'neutral', 'positive'] } } },
            listParam('place', 'Place slugs or unit codes (config/gazetteer.json).'),
            listParam('cluster', 'Story cluster ids.'),
            { name: 'duplicates', in: 'query', description: 'show: include copies of earlier records.', schema: { enum: ['show', 'hide'], default: 'hide' } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 20 } },
            { name: 'cursor', in: 'query', description: 'nextCursor of the previous page, unchanged.', schema: { type: 'string' } },
          ],
          responses: {
            200: {
              description: 'A page of records',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['items', 'total', 'nextCursor', 'stories'],
                    properties: {
                      items: { type: 'array', items: { $ref: '#/components/schemas/Record' } },
                      total: { type: 'integer' },
                      nextCursor: { type: ['string', 'null'] },
                      stories: { type: 'object', additionalProperties: { type: 'integer' }, description: 'Records (copies included) per story on this page.' },
                    },
                  },
                },
              },
            },
            400: problem,
          },
        },
      },
      '/api/v1/records/{id}': {
        get: {
          summary: 'One record',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { 200: { description: 'The record', content: { 'application/json': { schema: { $ref: '#/components/schemas/Record' } } } }, 404: problem },
        },
      },
    },
    components: {
      schemas: {
        Record: z.toJSONSchema(RecordSchema.omit({ minhash: true }), { io: 'output', unrepresentable: 'any' }),
        Problem: {
          type: 'object',
          required: ['title', 'status', 'detail'],
          properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' }, errors: { type: 'array', items: { type: 'object' } } },
        },
      },
    },
  };
}
