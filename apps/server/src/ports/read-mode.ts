// How fresh a store's answer to a read must be, against how soon it comes.

/**
 * 'durable' (the default): the answer comes once every write it may have seen is on disk, so that
 * nothing shown to anyone can vanish in a power loss. 'committed': at once, with whatever has
 * committed. Only for checks that decide whether a write goes ahead: that write becomes durable
 * after everything committed before it, so it never outlives what the check saw, and waiting would
 * cost an fsync before the write's own.
 */
export type ReadMode = 'durable' | 'committed';
