// Where the shared training data lives (../shared/data next to the repository, or DLXH_SHARED_DATA):
// the segmentation treebanks, ViHOS, the word lists, the gazetteer sources and the held-out hashes.
import { fileURLToPath } from 'node:url';

export const SHARED_DATA_DIR = process.env.DLXH_SHARED_DATA ?? fileURLToPath(new URL('../../shared/data/', import.meta.url));
