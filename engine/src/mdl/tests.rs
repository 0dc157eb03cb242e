//! Reader tests: each construct of a `.mdl` file.
