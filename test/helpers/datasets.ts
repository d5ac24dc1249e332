/**
 * Where the labelled face datasets live: `../shared/datasets` beside the repository, never copied into
 * it. `FACET_DATASETS` points elsewhere; the fast tier points it at a folder that does not exist, so a
 * suite that needs the datasets cannot pass there by accident (it would skip, and the fast tier fails
 * on any skip).
 */
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '../..');

export const datasetsDir = process.env.FACET_DATASETS ? path.resolve(process.env.FACET_DATASETS) : path.resolve(repoRoot, '../shared/datasets');
