'use strict';
/**
 * Preloaded (`node --require`) into a child the browser test forks: when the test process goes
 * away, even killed outright, the IPC channel closes and the child exits instead of lingering.
 */
process.on('disconnect', () => process.exit(0));
