/**
 * Installs the Node platform. Imported first by every public entry point, so the core (which
 * never imports `node:` modules) finds its machine through `platform()`.
 * @module
 */
import { setPlatform } from '../current.js';
import { nodePlatform } from './index.js';

setPlatform(nodePlatform);
