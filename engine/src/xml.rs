//! Tolerant XML tree (being written).
