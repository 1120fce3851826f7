//! `khulasa eval`: measure khulasa on evaluation data, one figure block per command.

use anyhow::{Context, Result};
use khulasa::eval;
use khulasa::pipeline::Engine;

use super::args::EvalCommand;
use super::{load_config, read};

pub fn run(e: EvalCommand) -> Result<i32> {
    match e {
        EvalCommand::Segment { file } => {
            let text = read(&file)?;
            let r = eval::segment(&text)
                .with_context(|| format!("cannot evaluate {}", file.display()))?;
            println!("{r}");
        }
        EvalCommand::Rouge {
            file,
            cv,
            seed,
            tune,
            min_gain,
            fit,
            features,
            common,
        } => {
            let config = load_config(&common)?;
            let engine = Engine::from_config(&config)?;
            let text = read(&file)?;
            if features {
                let r = eval::cv::rouge_features(&text, &engine)
                    .with_context(|| format!("cannot read {}", file.display()))?;
                print!("{r}");
                return Ok(0);
            }
            match cv {
                None => {
                    let r = eval::rouge(&text, &engine, &config.weights)
                        .with_context(|| format!("cannot evaluate {}", file.display()))?;
                    println!("{r}");
                }
                Some(folds) => {
                    let opts = eval::cv::CvOptions {
                        tune: eval::cv::parse_tune(&tune)?,
                        min_gain,
                        fit: fit.parse()?,
                        ..eval::cv::CvOptions::new(folds, seed)
                    };
                    let r = eval::cv::rouge_cv(&text, &engine, &config.weights, &opts)
                        .with_context(|| format!("cannot evaluate {}", file.display()))?;
                    println!("{r}");
                }
            }
        }
        EvalCommand::Ner {
            file,
            all,
            path,
            common,
        } => {
            let config = load_config(&common)?;
            let engine = Engine::from_config(&config)?;
            let text = read(&file)?;
            let r = eval::ner(&text, &engine, all, path.into())
                .with_context(|| format!("cannot evaluate {}", file.display()))?;
            println!("{r}");
        }
        EvalCommand::Romanize { file, common } => {
            let config = load_config(&common)?;
            let engine = Engine::from_config(&config)?;
            let text = read(&file)?;
            println!("{}", eval::romanize(&text, &engine));
        }
        EvalCommand::Glossary { file, root, common } => {
            let config = load_config(&common)?;
            let engine = Engine::from_config(&config)?;
            let text = read(&file)?;
            let root = root.unwrap_or_else(|| {
                file.canonicalize()
                    .ok()
                    .and_then(|p| p.parent()?.parent().map(std::path::Path::to_path_buf))
                    .unwrap_or_else(|| std::path::PathBuf::from("."))
            });
            let r = eval::glossary::glossary(&text, &root, &engine)
                .with_context(|| format!("cannot evaluate {}", file.display()))?;
            println!("{r}");
        }
        EvalCommand::Themes {
            file,
            features,
            common,
        } => {
            let config = load_config(&common)?;
            let engine = Engine::from_config(&config)?;
            let text = read(&file)?;
            if features {
                let r = eval::themes_features(&text, &engine)
                    .with_context(|| format!("cannot read {}", file.display()))?;
                print!("{r}");
                return Ok(0);
            }
            let r = eval::themes(&text, &engine)
                .with_context(|| format!("cannot evaluate {}", file.display()))?;
            println!("{r}");
        }
        EvalCommand::Extract { file, root, common } => {
            let config = load_config(&common)?;
            let engine = Engine::from_config(&config)?;
            let text = read(&file)?;
            let gold = eval::extract::read_gold(&text)
                .with_context(|| format!("cannot evaluate {}", file.display()))?;
            let root = root.unwrap_or_else(|| eval::extract::default_root(&file));
            let opts = khulasa::build::ingest_options(&config, &engine);
            println!("{}", eval::extract::extract(&gold, &root, &opts));
        }
    }
    Ok(0)
}
