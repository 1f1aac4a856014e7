import { openDatabase } from '../embedded-database.ts';
import { createSqliteStore } from './sqlite-store.ts';
import { storeContract } from './store.contract.ts';

storeContract('sqlite (embedded)', async () => createSqliteStore(openDatabase(':memory:')));
