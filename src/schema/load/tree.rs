//! One YAML file as a tree with positions (`marked_yaml`'s nodes), built in a single pass over
//! the parser's events that also bounds its depth.
//!
//! `marked_yaml::parse_yaml` drives yaml_rust2's recursive loader, one stack frame per level:
//! a file nested 50,000 levels deep (`- - - - ...`) overflows the stack — an abort, not an
//! error — so it needed a depth pre-check that parsed every file a second time. Here the
//! events are pulled one at a time and the open collections kept on a heap stack, refused past
//! [`MAX_DEPTH`]: one parse, no recursion (and the parser reads the `&str` directly instead of
//! a `Chars` iterator). The tree is the one `marked_yaml` builds, with its errors: a top level
//! that is not a mapping, anchors, tags, non-scalar keys and duplicate keys are refused.

use marked_yaml::loader::DuplicateKeyInner;
use marked_yaml::types::{MarkedMappingNode, MarkedScalarNode, MarkedSequenceNode};
use marked_yaml::{LoadError, Marker, Node, Span};
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::Marker as YamlMarker;

use crate::schema::depth::{TooDeep, MAX_DEPTH};

/// Why a file gave no tree.
#[derive(Debug)]
pub enum Unreadable {
    TooDeep(TooDeep),
    Yaml(LoadError),
}

/// A collection still open, and in a mapping the key waiting for its value.
enum Open {
    Mapping(Marker, MarkedMappingNode, Option<MarkedScalarNode>),
    Sequence(Marker, MarkedSequenceNode),
}

fn marker(m: YamlMarker) -> Marker {
    Marker::new(0, m.index(), m.line(), m.col() + 1)
}

/// The tree of `text`, whose top level must be a mapping (an empty file is an empty mapping).
pub fn parse(text: &str) -> Result<Node, Unreadable> {
    let mut parser = Parser::new_from_str(text);
    let mut open: Vec<Open> = Vec::new();
    loop {
        let (event, at) = match parser.next_token() {
            Ok(e) => e,
            // The scanner has a nesting limit of its own for `[[[...`, met before the events.
            Err(e) if e.info().contains("recursion limit") => {
                return Err(Unreadable::TooDeep(TooDeep {
                    line: e.marker().line(),
                }))
            }
            Err(e) => {
                return Err(Unreadable::Yaml(LoadError::ScanError(
                    marker(*e.marker()),
                    e,
                )))
            }
        };
        let mark = marker(at);
        let refuse = |e: LoadError| Err(Unreadable::Yaml(e));
        let done = match event {
            Event::StreamStart | Event::DocumentStart | Event::DocumentEnd | Event::Nothing => None,
            Event::StreamEnd => {
                return Ok(Node::from(MarkedMappingNode::new_empty(
                    Span::new_with_marks(mark, mark),
                )))
            }
            Event::Alias(_) => return refuse(LoadError::UnexpectedAnchor(mark)),
            Event::MappingStart(anchor, tag) | Event::SequenceStart(anchor, tag)
                if anchor != 0 || tag.is_some() =>
            {
                return refuse(if tag.is_some() {
                    LoadError::UnexpectedTag(mark)
                } else {
                    LoadError::UnexpectedAnchor(mark)
                });
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let mapping = matches!(event, Event::MappingStart(..));
                match open.last() {
                    None if !mapping => return refuse(LoadError::TopLevelMustBeMapping(mark)),
                    Some(Open::Mapping(_, _, None)) => {
                        return refuse(LoadError::MappingKeyMustBeScalar(mark))
                    }
                    _ => {}
                }
                if open.len() == MAX_DEPTH {
                    return Err(Unreadable::TooDeep(TooDeep { line: mark.line() }));
                }
                let span = Span::new_start(mark);
                open.push(if mapping {
                    Open::Mapping(mark, MarkedMappingNode::new_empty(span), None)
                } else {
                    Open::Sequence(mark, MarkedSequenceNode::new_empty(span))
                });
                None
            }
            Event::MappingEnd | Event::SequenceEnd => {
                let node = match open.pop() {
                    Some(Open::Mapping(start, mut map, _)) => {
                        *map.span_mut() = Span::new_with_marks(start, mark);
                        Node::from(map)
                    }
                    Some(Open::Sequence(start, mut seq)) => {
                        *seq.span_mut() = Span::new_with_marks(start, mark);
                        Node::from(seq)
                    }
                    None => unreachable!("the parser balances starts and ends"),
                };
                Some(node)
            }
            Event::Scalar(value, _, anchor, tag) => {
                if tag.is_some() {
                    return refuse(LoadError::UnexpectedTag(mark));
                }
                if anchor != 0 {
                    return refuse(LoadError::UnexpectedAnchor(mark));
                }
                let scalar = MarkedScalarNode::new(Span::new_start(mark), value);
                match open.last_mut() {
                    None => return refuse(LoadError::TopLevelMustBeMapping(mark)),
                    Some(Open::Mapping(_, _, key @ None)) => {
                        *key = Some(scalar);
                        None
                    }
                    _ => Some(Node::from(scalar)),
                }
            }
        };
        // A finished node goes into its parent, or is the whole tree.
        let Some(node) = done else { continue };
        match open.last_mut() {
            None => return Ok(node),
            Some(Open::Sequence(_, seq)) => seq.push(node),
            Some(Open::Mapping(_, map, key)) => {
                let key = key.take().expect("a value follows its key");
                if let Some((prev_key, _)) = map.get_key_value(&key) {
                    return refuse(LoadError::DuplicateKey(Box::new(DuplicateKeyInner {
                        prev_key: prev_key.clone(),
                        key,
                    })));
                }
                map.insert(key, node);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_refused_at_its_line_and_normal_files_pass() {
        let check = |text: &str| match parse(text) {
            Err(Unreadable::TooDeep(deep)) => Err(deep),
            _ => Ok(()),
        };
        let deep = format!("tables:\n  {}x\n", "- ".repeat(50_000));
        assert_eq!(check(&deep), Err(TooDeep { line: 2 }));
        let flow = format!("rules: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(check(&flow), Err(TooDeep { line: 1 }));
        let normal = "tables:\n  a:\n    columns:\n      id: { type: integer }\n    indexes:\n      - { columns: [id] }\n";
        assert_eq!(check(normal), Ok(()));
        let nested = |n: usize| format!("k: {}x{}\n", "[".repeat(n), "]".repeat(n));
        assert_eq!(check(&nested(MAX_DEPTH - 1)), Ok(()));
        assert!(check(&nested(MAX_DEPTH)).is_err());
    }

    fn same_as_marked_yaml(text: &str) {
        let options = marked_yaml::LoaderOptions::default()
            .error_on_duplicate_keys(true)
            .toplevel_mapping();
        let theirs = marked_yaml::parse_yaml_with_options(0, text, options);
        match (parse(text), theirs) {
            (Ok(ours), Ok(theirs)) => assert_eq!(format!("{ours:?}"), format!("{theirs:?}")),
            (Err(Unreadable::Yaml(ours)), Err(theirs)) => {
                assert_eq!(ours.to_string(), theirs.to_string(), "{text}")
            }
            (ours, theirs) => panic!("{text}: ours {ours:?}, marked_yaml {theirs:?}"),
        }
    }

    #[test]
    fn the_tree_and_errors_are_marked_yamls() {
        for text in [
            "",
            "tables:\n  a:\n    columns:\n      id: { type: integer }\n    indexes:\n      - { columns: [id, b] }\n",
            "a: [1, [2, 3], {b: c}]\nd:\n- x\n- - y\n",
            "a: 1\na: 2\n",
            "- a\n",
            "just a scalar\n",
            "a: &x 1\n",
            "a: !!str 1\n",
            "? [a]\n: b\n",
            "a: [\n",
            "a: 'quoted'\nb: \"double\"\nc: |\n  block\n",
        ] {
            same_as_marked_yaml(text);
        }
    }

    #[test]
    fn deep_nesting_is_refused_at_its_line() {
        let deep = format!("tables:\n  {}x\n", "- ".repeat(50_000));
        assert!(matches!(
            parse(&deep),
            Err(Unreadable::TooDeep(TooDeep { line: 2 }))
        ));
        let flow = format!("rules: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        assert!(matches!(
            parse(&flow),
            Err(Unreadable::TooDeep(TooDeep { line: 1 }))
        ));
        // The top-level mapping is one level: MAX_DEPTH - 1 sequences fit below it.
        let at_limit = format!("a:\n{}x\n", "- ".repeat(MAX_DEPTH - 1));
        assert!(parse(&at_limit).is_ok());
        let past = format!("a:\n{}x\n", "- ".repeat(MAX_DEPTH));
        assert!(matches!(parse(&past), Err(Unreadable::TooDeep(_))));
    }
}

/// Why a YAML file could not be read into a type, and where.
#[derive(Debug)]
pub struct Unparsed {
    pub line: Option<usize>,
    pub message: String,
}

/// `text` read into `T` through the same tree as the schema files: one YAML parser for every
/// file hotelschema reads, depth bounded, duplicate keys refused, each error at its line. An
/// empty file reads as an empty mapping.
pub fn deserialize<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, Unparsed> {
    let tree = parse(text).map_err(|e| match e {
        Unreadable::TooDeep(deep) => Unparsed {
            line: Some(deep.line),
            message: deep.to_string(),
        },
        Unreadable::Yaml(e) => Unparsed {
            line: load_error_line(&e),
            message: e.to_string(),
        },
    })?;
    marked_yaml::from_node(&tree).map_err(|e| {
        let message = e.to_string();
        // Some errors carry no position (an unknown key, an unknown variant): the word they
        // quote first is found in the tree, as a key or a value.
        let line = e.start_mark().map(|m| m.line()).or_else(|| {
            let word = message.split('`').nth(1)?;
            word_line(&tree, word)
        });
        // Said after `file:line: `, in the same case as every other message.
        let mut chars = message.chars();
        let message = match chars.next() {
            Some(first) => first.to_lowercase().chain(chars).collect(),
            None => message,
        };
        Unparsed { line, message }
    })
}

/// The line of the first key or scalar value that is `word` in `node`, depth first.
fn word_line(node: &Node, word: &str) -> Option<usize> {
    match node {
        Node::Mapping(m) => m.iter().find_map(|(k, v)| {
            if k.as_str() == word {
                k.span().start().map(|m| m.line())
            } else {
                word_line(v, word)
            }
        }),
        Node::Sequence(s) => s.iter().find_map(|v| word_line(v, word)),
        Node::Scalar(s) if s.as_str() == word => s.span().start().map(|m| m.line()),
        Node::Scalar(_) => None,
    }
}

fn load_error_line(e: &LoadError) -> Option<usize> {
    match e {
        LoadError::TopLevelMustBeMapping(m)
        | LoadError::TopLevelMustBeSequence(m)
        | LoadError::UnexpectedAnchor(m)
        | LoadError::MappingKeyMustBeScalar(m)
        | LoadError::UnexpectedTag(m)
        | LoadError::ScanError(m, _) => Some(m.line()),
        LoadError::DuplicateKey(d) => d.key.span().start().map(|m| m.line()),
    }
}
