//! `millrace web`: the model as an interactive page (src/web/): written to a directory
//! with `-o`, served on localhost with `--serve`, or both.

use std::path::{Path, PathBuf};

use super::{SpecArgs, open_with};
use crate::web::{serve, site, write};

pub struct WebArgs<'a> {
    pub specs: &'a SpecArgs,
    pub vars: Option<&'a [String]>,
    pub title: Option<String>,
    pub output: Option<PathBuf>,
    pub force: bool,
    pub serve: Option<u16>,
}

pub fn web(path: &Path, args: WebArgs<'_>) -> Result<(), String> {
    let model = open_with(path, args.specs)?;
    let site = site::build(path, &model, &site::Options { vars: args.vars, title: args.title })?;
    if let Some(dir) = &args.output {
        write::write_site(&site, dir, args.force, path)?;
        eprintln!("wrote {} (open index.html through any static file server)", dir.display());
    }
    match args.serve {
        Some(port) => serve::serve(site, port),
        None => Ok(()),
    }
}
