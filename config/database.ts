import { databaseConfig, readDatabaseSettings } from '../src/settings/database';
import { readRequestBudgets } from '../src/settings/limits';

/** The database (DATABASE_*, src/settings/database.ts), with the statement deadline of the request budgets. */
export default () => databaseConfig(readDatabaseSettings(process.env), readRequestBudgets(process.env).statementTimeoutMs);
