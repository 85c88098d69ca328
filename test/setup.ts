/**
 * Preloaded into every test process (scripts/test.mjs): tests import modules from `src/`
 * directly, below the package entry points that install the platform, so install it here.
 */
import '../src/platform/node/install.js';
