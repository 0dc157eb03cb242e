//! `millrace web`: a model as a self-contained interactive page. [`site`] builds the
//! files (the page, its script and style, the model's wasm blob, its listing and the
//! page's own JSON) in memory; [`write`] puts them in a directory; [`serve`] serves
//! them on localhost. The page runs the model in the browser: no server-side code.

pub mod serve;
pub mod site;
pub mod write;
