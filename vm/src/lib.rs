//! Millrace bytecode VM (being written).
