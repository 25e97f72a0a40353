import type { ApiHandler } from './api-handler';
import { apiVersionsHandler } from './api-versions';
import { createTopicsHandler } from './create-topics';
import { initProducerIdHandler } from './init-producer-id';
import { metadataHandler } from './metadata';
import { produceHandler } from './produce';

const handlers = [metadataHandler, produceHandler, initProducerIdHandler, createTopicsHandler];

/** Every API the stand-in answers, by API key. */
export const apiHandlers: ReadonlyMap<number, ApiHandler> = new Map(
  [apiVersionsHandler(handlers), ...handlers].map((handler) => [handler.apiKey, handler]),
);
