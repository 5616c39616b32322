//! Placeholder; the scheduler lands with the store.
