import type { Command } from './command';

export interface CommandEntry {
  /** One line for `encore --help`; kept here so listing commands loads none of them. */
  summary: string;
  load: () => Promise<{ default: Command }>;
}

/**
 * Every `encore <command>`, each loaded only when run. Adding a command is one line here and one
 * module beside this file that default-exports a Command.
 */
export const commands: Record<string, CommandEntry> = {
  scan: { summary: 'add folders to the library and scan them', load: () => import('./scan') },
  stats: {
    summary: 'show what the library holds and how many plays it has',
    load: () => import('./stats'),
  },
  import: {
    summary: 'import listening history files, folders or zips',
    load: () => import('./import'),
  },
  'import-lastfm': {
    summary: "import a Last.fm user's scrobbles through the API",
    load: () => import('./import-lastfm'),
  },
  eval: {
    summary: 'fit a recommender on a split of play counts and score it (epr, nDCG@10, …)',
    load: () => import('./eval'),
  },
  'eval-next': {
    summary: 'fit a next-song model on listening sessions and score it (HR@20, MRR@20, …)',
    load: () => import('./eval-next'),
  },
  radio: {
    summary: 'show what the radio would queue after some seed tracks, with its reasons',
    load: () => import('./radio'),
  },
  serve: {
    summary: 'serve the app to a browser on 127.0.0.1 (--demo: the demo library)',
    load: () => import('./serve'),
  },
};
