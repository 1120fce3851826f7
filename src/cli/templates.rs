//! `khulasa templates`: list the built-in templates, or write them out for customizing.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use khulasa::{publish, render};

use super::args::TemplatesCommand;

pub fn run(t: TemplatesCommand) -> Result<i32> {
    match t {
        TemplatesCommand::List => {
            for (name, _) in render::BUILTIN {
                println!("{name}");
            }
        }
        TemplatesCommand::Init {
            dir,
            audience,
            force,
        } => {
            let chosen = chosen(audience.as_deref());
            if !force {
                refuse_to_overwrite(&dir, &chosen)?;
            }
            for (name, body) in chosen {
                let p = dir.join(name);
                publish::write_atomic(&p, body.as_bytes())
                    .with_context(|| format!("cannot write {}", p.display()))?;
                println!("{}", p.display());
            }
        }
    }
    Ok(0)
}

/// The built-in templates to write: all, or the audience's and the shared ones.
fn chosen(audience: Option<&str>) -> Vec<&'static (&'static str, &'static str)> {
    let Some(a) = audience else {
        return render::BUILTIN.iter().collect();
    };
    let prefix = format!("{a}/");
    let chosen: Vec<_> = render::BUILTIN
        .iter()
        .filter(|(name, _)| !name.contains('/') || name.starts_with(&prefix))
        .collect();
    if !chosen.iter().any(|(n, _)| n.starts_with(&prefix)) {
        eprintln!(
            "khulasa: note: no built-in templates for audience {a:?}; writing the shared ones"
        );
    }
    chosen
}

/// Fail, naming them, when any of the files to write exists.
fn refuse_to_overwrite(dir: &Path, chosen: &[&(&str, &str)]) -> Result<()> {
    let existing: Vec<String> = chosen
        .iter()
        .map(|(n, _)| dir.join(n))
        .filter(|p: &PathBuf| p.exists())
        .map(|p| p.display().to_string())
        .collect();
    if !existing.is_empty() {
        bail!(
            "{} already exist(s): {} (use --force to overwrite)",
            existing.len(),
            existing.join(", ")
        );
    }
    Ok(())
}
