//! Vensim `.mdl` reader: model text -> [`Project`], the same datamodel the XMILE reader
//! produces, so nothing after it knows the format.
//!
//! The text is cut into equations (`split.rs`); each equation's name and shape are read
//! (`entry.rs`), its expression parsed with the shared equation parser in its Vensim
//! mode (`crate::equation::parse_vensim`), translated from Vensim's functions to XMILE's
//! (`functions.rs`) and printed back as XMILE equation text (`print.rs`), which the
//! compiler parses like any other. The control group becomes the sim specs (`specs.rs`);
//! `:MACRO:` blocks become the datamodel's macros; comments and units are kept as each
//! variable's documentation. Subscript ranges become the datamodel's dimensions
//! (`subscripts.rs`) and a subscripted variable's equations one arrayed variable
//! (`arrays.rs`). Data functions (`GET XLS ...`, `GET DIRECT ...`) are read here, from
//! files named relative to the model file (`data/`), into numbers and tables.

mod arrays;
mod build;
mod data;
mod entry;
mod functions;
mod lookup;
mod model;
mod print;
mod specs;
mod split;
mod subscripts;

#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::canonical::canonical;
use crate::datamodel::{Behavior, Macro, Model, Notes, Project};
use crate::equation::parse_vensim;
use crate::error::{Diagnostic, Error};
use crate::source::LineIndex;
use entry::Shape;
use functions::Known;
use model::{Body, Builder, LineMap, Parsed};
use split::Item;

/// Whether a model file is Vensim's: by extension (`.mdl`, any case), else by content
/// (a `{UTF-8}` header, which Vensim writes first). Anything else is XML.
pub fn is_mdl(path: Option<&Path>, text: &str) -> bool {
    let ext = path.and_then(|p| p.extension()).and_then(|e| e.to_str());
    if ext.is_some_and(|e| e.eq_ignore_ascii_case("mdl")) {
        return true;
    }
    let head = text.trim_start_matches('\u{feff}').trim_start();
    head.get(..7).is_some_and(|h| h.eq_ignore_ascii_case("{UTF-8}"))
}

/// Reads a `.mdl` file: UTF-8 or Latin-1, any line endings.
pub fn read_file(path: &Path) -> Result<Project, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::msg(format!("cannot read {}: {e}", path.display())))?;
    read_str(&crate::source::decode(&bytes), &path.display().to_string())
}

/// Reads `.mdl` text; `file` names it in diagnostics and, when it is a file, its
/// directory is where the data files the model names are read from.
pub fn read_str(text: &str, file: &str) -> Result<Project, Error> {
    read_str_with_data(text, file, &[])
}

/// As [`read_str`], the data variables without an equation read from the `data` files
/// (and from those the model's `<model>_spec.json` names, when it is a file).
pub fn read_str_with_data(text: &str, file: &str, data: &[PathBuf]) -> Result<Project, Error> {
    // The translation and the values computed while reading (an order, a delay time)
    // recurse over equations and the constants they name: on the deep-work stack.
    crate::deep::on_deep_stack(|| read_on_this_stack(text, file, data))
}

fn read_on_this_stack(text: &str, file: &str, data: &[PathBuf]) -> Result<Project, Error> {
    let path = Path::new(file);
    let dir = path.is_file().then(|| path.parent().map(Path::to_path_buf).unwrap_or_default());
    let aliases = dir.as_ref().map(|_| data::aliases(path)).unwrap_or_default();
    let files = data::Files::new(dir.clone(), aliases);
    let mut given = dir.as_ref().map(|_| data::spec_files(path)).unwrap_or_default();
    given.extend(data.iter().cloned());
    let external = data::External::load(&given).map_err(Error::msg)?;
    let errors = Vec::new();
    Reader { file, lines: LineIndex::new(text), errors, warnings: Vec::new(), files: &files, external: &external }
        .read(text)
}

struct Reader<'a> {
    file: &'a str,
    lines: LineIndex,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    files: &'a data::Files,
    external: &'a data::External,
}

/// The equations of one model or macro, read.
struct Block {
    parsed: Vec<Parsed>,
    /// Subscript ranges defined here (they apply to the whole file), with their lines.
    ranges: Vec<(subscripts::RangeDef, u32)>,
    /// For a macro: its name, parameters and line.
    header: Option<(String, Vec<String>, u32)>,
    /// For a macro: its outputs besides the one named as the macro (`:MACRO: m(a : y2)`).
    outputs: Vec<String>,
}

impl Reader<'_> {
    fn error(&mut self, line: u32, variable: Option<&str>, message: impl Into<String>) {
        let mut d = Diagnostic::error(message).at(Some(self.file), Some(line));
        if let Some(v) = variable {
            d = d.in_variable(&crate::canonical::display_name(v));
        }
        self.errors.push(d);
    }

    fn read(mut self, text: &str) -> Result<Project, Error> {
        let body = split::equations_text(text);
        let items = match split::items(&body) {
            Ok(items) => items,
            Err(offset) => {
                let line = self.lines.line(offset);
                self.error(line, None, "the file ends inside an equation (no closing `|`)");
                return Err(Error { diagnostics: self.errors });
            }
        };
        let (mut root, mut macros) = self.blocks(items);
        let mut range_defs = std::mem::take(&mut root.ranges);
        macros.iter_mut().for_each(|m| range_defs.append(&mut m.ranges));
        self.read_subscripts(&mut range_defs);
        let dimensions = match subscripts::dimensions(&range_defs) {
            Ok(d) => d,
            Err(errors) => {
                for (name, message, line) in errors {
                    self.error(line, Some(&name), message);
                }
                Vec::new()
            }
        };
        let ranges = arrays::Ranges::new(&dimensions);
        let mut callables: HashSet<String> = HashSet::new();
        let mut macro_outputs: HashMap<String, (String, usize)> = HashMap::new();
        let mut variables: HashSet<String> = HashSet::new();
        let mut constants: HashMap<String, f64> = HashMap::new();
        let equations: HashMap<String, crate::equation::Expr> = root
            .parsed
            .iter()
            .filter(|p| p.subscripts.is_empty())
            .filter_map(|p| match &p.body {
                Body::Expr(e, _) => Some((canonical(&p.name), e.clone())),
                _ => None,
            })
            .collect();
        let mut data_vars: HashMap<String, data::Keyword> = HashMap::new();
        let tables: HashMap<String, (Vec<f64>, Vec<f64>)> = root
            .parsed
            .iter()
            .filter(|p| p.subscripts.is_empty())
            .filter_map(|p| match &p.body {
                Body::Lookup(gf) => Some((canonical(&p.name), (gf.xs.clone(), gf.ys.clone()))),
                _ => None,
            })
            .collect();
        for block in std::iter::once(&root).chain(&macros) {
            for p in &block.parsed {
                variables.insert(canonical(&p.name));
                match &p.body {
                    Body::Get(get) if get.call.kind == data::Kind::Data => {
                        data_vars.insert(canonical(&p.name), get.keyword);
                    }
                    Body::External(keyword) => {
                        data_vars.insert(canonical(&p.name), *keyword);
                    }
                    _ => {}
                }
                if let Body::Expr(e, _) = &p.body
                    && p.subscripts.is_empty()
                    && let Some(v) = functions::number_value(e)
                {
                    constants.insert(canonical(&p.name), v);
                }
                let data_lookup = matches!(&p.body, Body::Get(get) if get.call.kind == data::Kind::Lookups);
                if matches!(p.body, Body::Lookup(_) | Body::WithLookup(..)) || data_lookup {
                    callables.insert(canonical(&p.name));
                }
            }
            if let Some((name, _, _)) = &block.header {
                callables.insert(canonical(name));
                if !block.outputs.is_empty() {
                    macro_outputs.insert(canonical(name), (name.clone(), block.outputs.len()));
                }
            }
        }
        let known = Known {
            callables: &callables,
            variables: &variables,
            constants: &constants,
            ranges: &ranges,
            equations: &equations,
            files: self.files,
            external: self.external,
            data: &data_vars,
            macro_outputs: &macro_outputs,
            tables: &tables,
        };

        let mut controls = specs::Controls::new();
        let mut builder = Builder::new(&known);
        for p in root.parsed {
            let key = canonical(&p.name);
            let control = specs::CONTROLS.contains(&key.as_str()) && p.subscripts.is_empty();
            if let (true, Body::Expr(e, _)) = (control, &p.body) {
                controls.insert(key.clone(), (e.clone(), p.line));
                // TIME STEP, INITIAL TIME and FINAL TIME are builtins; SAVEPER stays a
                // variable, which a model may use.
                if key != "saveper" {
                    continue;
                }
            }
            builder.add(p);
        }
        let (variables, problems) = builder.finish();
        for (name, (message, line)) in problems {
            self.error(line, Some(&name), message);
        }

        let mut out_macros = Vec::new();
        for m in macros {
            let Some((name, params, line)) = m.header else { continue };
            let mut b = Builder::new(&known);
            m.parsed.into_iter().for_each(|p| b.add(p));
            let (vars, problems) = b.finish();
            for (var, (message, l)) in problems {
                self.error(l, Some(&var), message);
            }
            // Each extra output is a macro of its own over the same body, whose output is
            // that variable: a call's `: y2` is y2 = that macro of the same inputs.
            for (k, output) in m.outputs.iter().enumerate() {
                let eqn = Some(model::macro_output(output, line));
                let name = functions::extra_output_macro(&name, k);
                out_macros.push(Macro { name, params: params.clone(), eqn, variables: vars.clone(), line });
            }
            let eqn = Some(model::macro_output(&name, line));
            out_macros.push(Macro { name, params, eqn, variables: vars, line });
        }

        let sim_specs = match specs::sim_specs(&controls) {
            Ok(s) => Some(s),
            Err((message, line)) => {
                self.error(line, None, message);
                None
            }
        };
        match sim_specs {
            Some(sim_specs) if self.errors.is_empty() => Ok(Project {
                file: self.file.to_owned(),
                sim_specs,
                models: vec![Model { name: None, variables, line: 1 }],
                behavior: Behavior::default(),
                macros: out_macros,
                dimensions: dimensions.clone(),
                warnings: std::mem::take(&mut self.warnings),
            }),
            _ => Err(Error { diagnostics: self.errors }),
        }
    }

    /// The elements of the ranges read from data files (`GET ... SUBSCRIPT`); errors
    /// recorded (the range is then empty).
    fn read_subscripts(&mut self, defs: &mut [(subscripts::RangeDef, u32)]) {
        for (def, line) in defs.iter_mut() {
            if let Some(call) = &def.get {
                match data::subscript(call, self.files) {
                    Ok(items) => def.items = items,
                    Err(message) => {
                        let (line, name) = (*line, def.name.clone());
                        self.error(line, Some(&name), message);
                    }
                }
            }
        }
    }

    /// The file's equations and each macro's, read; errors recorded.
    fn blocks(&mut self, items: Vec<Item>) -> (Block, Vec<Block>) {
        let mut root = Block { parsed: Vec::new(), ranges: Vec::new(), header: None, outputs: Vec::new() };
        let mut macros: Vec<Block> = Vec::new();
        let mut in_macro = false;
        for item in items {
            match item {
                Item::MacroStart { header, offset } => {
                    let line = self.lines.line(offset);
                    if in_macro {
                        self.error(line, None, "`:MACRO:` inside a macro (no `:END OF MACRO:` before it)");
                    }
                    match macro_header(&header) {
                        Ok((name, params, outputs)) => macros.push(Block {
                            parsed: Vec::new(),
                            ranges: Vec::new(),
                            header: Some((name, params, line)),
                            outputs,
                        }),
                        Err(message) => {
                            self.error(line, None, message);
                            let outputs = Vec::new();
                            macros.push(Block { parsed: Vec::new(), ranges: Vec::new(), header: None, outputs });
                        }
                    }
                    in_macro = true;
                }
                Item::MacroEnd { offset } => {
                    if !in_macro {
                        let line = self.lines.line(offset);
                        self.error(line, None, "`:END OF MACRO:` without `:MACRO:`");
                    }
                    in_macro = false;
                }
                Item::Equation(e) => {
                    let block = match (in_macro, macros.last_mut()) {
                        (true, Some(m)) => m,
                        _ => &mut root,
                    };
                    match self.parse_entry(&e) {
                        Some(Read::Equation(p)) => block.parsed.push(*p),
                        Some(Read::Range(r, line)) => block.ranges.push((r, line)),
                        None => {}
                    }
                }
            }
        }
        if in_macro {
            let line = macros.last().and_then(|m| m.header.as_ref()).map_or(1, |h| h.2);
            self.error(line, None, "a `:MACRO:` without `:END OF MACRO:`");
        }
        (root, macros)
    }

    /// One equation or subscript range read (`None`: a group heading, or an error
    /// recorded).
    fn parse_entry(&mut self, e: &split::Entry) -> Option<Read> {
        let lead = e.eq.len() - e.eq.trim_start().len();
        let line = self.lines.line(e.offset + lead);
        // Group headings (`****... .Control ****...`) are not equations.
        if e.eq.trim_start().starts_with('*') || e.eq.trim().is_empty() {
            return None;
        }
        let (lhs, shape) = match entry::split(&e.eq) {
            Ok(x) => x,
            Err((message, at)) => {
                let l = self.lines.line(e.offset + at);
                let name = e.eq.get(..at).map(str::trim).filter(|n| !n.is_empty());
                self.error(l, name, message);
                return None;
            }
        };
        let name = lhs.name.clone();
        let notes = notes(&e.units, &e.comment);
        let expr = |this: &mut Self, text: &str, at: usize| -> Option<(crate::equation::Expr, LineMap)> {
            let lines = LineMap::new(text, this.lines.line(e.offset + at));
            match parse_vensim(text) {
                Ok(Some(x)) => Some((x, lines)),
                Ok(None) => {
                    this.error(lines.first, Some(&name), "the equation is empty");
                    None
                }
                Err(err) => {
                    // Data functions take quoted file names ('data.xlsx'), which are not
                    // expressions: name the function rather than the quote.
                    let message = match data_function(text) {
                        Some(f) => format!("not supported yet: `{f}` (data functions)"),
                        None => format!("syntax error: {}", err.message),
                    };
                    this.error(lines.line(err.offset), Some(&name), message);
                    None
                }
            }
        };
        let table = |this: &mut Self, body: &str| match lookup::parse_table(body, Some(name.clone()), line) {
            Ok(gf) => Some(gf),
            Err(message) => {
                this.error(line, Some(&name), message);
                None
            }
        };
        // `GET DIRECT ...` / `GET XLS ...` as the whole equation (or lookup body).
        let get = |this: &mut Self, text: &str, keyword: data::Keyword| match data::parse_call(text)? {
            Ok(call) => Some(Body::Get(model::Get { call, keyword })),
            Err(message) => {
                this.error(line, Some(&name), message);
                None
            }
        };
        let body = match shape {
            Shape::Range(r) => return Some(Read::Range(r, line)),
            Shape::RealityCheck => {
                let message = format!(
                    "reality check `{}` is not simulated (it is for Vensim's Reality Check tool)",
                    crate::canonical::display_name(&name)
                );
                self.warnings.push(Diagnostic::warning(message).at(Some(self.file), Some(line)));
                return None;
            }
            Shape::Expr { text, .. } | Shape::Lookup { body: text } if data::parse_call(&text).is_some() => {
                get(self, &text, data::Keyword::default())?
            }
            Shape::Data { keyword, text: Some(text), .. } if data::parse_call(&text).is_some() => {
                get(self, &text, keyword)?
            }
            // A data equation computed from other variables is an equation.
            Shape::Data { text: Some(text), at, .. } => {
                let (x, lines) = expr(self, &text, at)?;
                Body::Expr(x, lines)
            }
            Shape::Data { keyword, text: None, .. } => Body::External(keyword),
            Shape::Expr { text, .. } if !lhs.subscripts.is_empty() && number_list(&text).is_some() => {
                Body::Numbers(number_list(&text).unwrap_or_default())
            }
            Shape::Expr { text, at } => {
                let (x, lines) = expr(self, &text, at)?;
                Body::Expr(x, lines)
            }
            Shape::Lookup { body } => Body::Lookup(table(self, &body)?),
            Shape::WithLookup { input, at, body } => {
                let (x, lines) = expr(self, &input, at)?;
                Body::WithLookup(x, lines, table(self, &body)?)
            }
        };
        Some(Read::Equation(Box::new(Parsed {
            name,
            subscripts: lhs.subscripts,
            except: lhs.except,
            line,
            notes,
            body,
        })))
    }
}

/// What one entry of the file is.
enum Read {
    Equation(Box<Parsed>),
    Range(subscripts::RangeDef, u32),
}

/// `1, 2; 3, 4;`: two or more numbers separated by commas and semicolons (Vensim's
/// list of an arrayed constant's values, row by row), or `TABBED ARRAY(1 2 <newline>
/// 3 4)` (separated by blanks), as written.
fn number_list(text: &str) -> Option<Vec<String>> {
    let trimmed = text.trim();
    let head: String = trimmed.chars().take(16).filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
    if head.starts_with("TABBEDARRAY(") && trimmed.ends_with(')') {
        let inner = &trimmed[trimmed.find('(')? + 1..trimmed.len() - 1];
        let parts: Vec<String> = inner.split_whitespace().map(str::to_owned).collect();
        let numeric = parts.iter().all(|p| p.parse::<f64>().is_ok_and(f64::is_finite));
        return (!parts.is_empty() && numeric).then_some(parts);
    }
    // `{...}` is a comment in Vensim's equations.
    let mut bare = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            c if depth == 0 => bare.push(c),
            _ => {}
        }
    }
    let parts: Vec<String> =
        bare.split([',', ';']).map(|p| p.split_whitespace().collect::<String>()).filter(|p| !p.is_empty()).collect();
    let numeric = parts.iter().all(|p| p.parse::<f64>().is_ok_and(f64::is_finite));
    (parts.len() > 1 && numeric).then_some(parts)
}

/// The name of a `GET XLS ...` / `GET DIRECT ...` / `GET 123 ...` / `GET DATA ...` call in
/// `text`, as written (blanks collapsed).
fn data_function(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split(|c: char| c.is_whitespace() || c == '(').filter(|w| !w.is_empty()).collect();
    let at = words.iter().position(|w| w.eq_ignore_ascii_case("get"))?;
    let kind = words.get(at + 1)?;
    if !["xls", "direct", "123", "data", "vdf", "time"].iter().any(|k| kind.eq_ignore_ascii_case(k)) {
        return None;
    }
    let end = words[at..].iter().position(|w| w.contains(['\'', ','])).map_or(words.len(), |i| at + i);
    Some(words[at..end].join(" "))
}

/// `NAME(a, b)` or `NAME(a, b : y2, y3)` after `:MACRO:`: the name, the parameters and
/// the outputs besides the one named as the macro.
fn macro_header(header: &str) -> Result<(String, Vec<String>, Vec<String>), String> {
    let header = header.trim();
    let open = header.find('(').ok_or_else(|| format!("macro header `{header}` has no `(`"))?;
    let close = header.rfind(')').filter(|&c| c > open).ok_or_else(|| format!("macro header `{header}` has no `)`"))?;
    let name = header[..open].trim().to_owned();
    if name.is_empty() {
        return Err("a macro without a name".into());
    }
    let (inputs, outputs) = match header[open + 1..close].split_once(':') {
        Some((inputs, outputs)) => (inputs, Some(outputs)),
        None => (&header[open + 1..close], None),
    };
    let names = |list: &str| -> Vec<String> {
        list.split(',').map(|p| p.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|p| !p.is_empty()).collect()
    };
    let outputs = outputs.map(names).unwrap_or_default();
    if outputs.iter().any(|o| o.contains(':')) {
        return Err(format!("macro header `{header}` has more than one `:`"));
    }
    if let Some(o) = outputs.iter().find(|o| canonical(o) == canonical(&name)) {
        return Err(format!("macro `{name}` lists its own name `{o}` as an extra output"));
    }
    Ok((name, names(inputs), outputs))
}

/// Units (a trailing `[min, max]` or `[min, max, step]` range is the documented range
/// when both bounds are numbers; `?` leaves it open, which the datamodel cannot hold)
/// and the comment, whitespace collapsed.
fn notes(units: &str, comment: &str) -> Notes {
    let collapse = |s: &str| Some(s.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|s| !s.is_empty());
    let (units, range) = match units.find('[') {
        Some(open) => {
            let inner = units[open + 1..].split(']').next().unwrap_or("");
            let bounds: Vec<Option<f64>> = inner.split(',').map(|b| b.trim().parse::<f64>().ok()).collect();
            let range = match bounds.as_slice() {
                [Some(lo), Some(hi), ..] if lo <= hi => Some((*lo, *hi)),
                _ => None,
            };
            (&units[..open], range)
        }
        None => (units, None),
    };
    Notes { units: collapse(units), doc: collapse(comment), range }
}
