import init from './001-init.sql?raw';
import history from './002-history.sql?raw';
import sortIndexes from './003-sort-indexes.sql?raw';
import searchScale from './004-search-scale.sql?raw';
import historyCounts from './005-history-counts.sql?raw';

/**
 * Every schema change is one numbered SQL file, listed here in order. Migration N brings a database
 * from `PRAGMA user_version = N - 1` to N; never edit one that has shipped, add the next.
 */
export const migrations: readonly { version: number; name: string; sql: string }[] = [
  { version: 1, name: '001-init', sql: init },
  { version: 2, name: '002-history', sql: history },
  { version: 3, name: '003-sort-indexes', sql: sortIndexes },
  { version: 4, name: '004-search-scale', sql: searchScale },
  { version: 5, name: '005-history-counts', sql: historyCounts },
];
