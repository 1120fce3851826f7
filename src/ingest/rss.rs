//! RSS (2.0, 1.0, 0.9x) and Atom feeds: one document per `<item>` or `<entry>`. The text is
//! the item's full content (`content:encoded`, Atom `content`) or else its description or
//! summary, HTML or not; the title, link, date (`pubDate`, `published`, `dc:date`, else
//! `updated`) and the item's `<source>` or else the feed's own title. Entities are decoded and
//! CDATA sections read as they are.

use quick_xml::events::Event;

use super::{Document, Format, Item, Problem};

/// The fields an item's elements fill, by element name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Content,
    Summary,
    Link,
    Published,
    Updated,
    Source,
    Author,
    Lang,
}

fn field_of(name: &str) -> Option<Field> {
    Some(match name {
        "title" => Field::Title,
        "content:encoded" | "content" => Field::Content,
        "description" | "summary" => Field::Summary,
        "link" => Field::Link,
        "pubDate" | "published" | "dc:date" | "issued" => Field::Published,
        "updated" | "modified" => Field::Updated,
        "source" => Field::Source,
        "dc:creator" | "author" => Field::Author,
        "dc:language" | "language" => Field::Lang,
        _ => return None,
    })
}

/// What one item holds, field by field (the first value of each).
#[derive(Debug, Default)]
struct Raw {
    title: Option<String>,
    content: Option<String>,
    summary: Option<String>,
    link: Option<String>,
    published: Option<String>,
    updated: Option<String>,
    source: Option<String>,
    author: Option<String>,
    lang: Option<String>,
}

impl Raw {
    fn set(&mut self, f: Field, v: String) {
        let v = v.trim().to_string();
        if v.is_empty() {
            return;
        }
        let slot = match f {
            Field::Title => &mut self.title,
            Field::Content => &mut self.content,
            Field::Summary => &mut self.summary,
            Field::Link => &mut self.link,
            Field::Published => &mut self.published,
            Field::Updated => &mut self.updated,
            Field::Source => &mut self.source,
            Field::Author => &mut self.author,
            Field::Lang => &mut self.lang,
        };
        if slot.is_none() {
            *slot = Some(v);
        }
    }
}

/// Text being gathered for one element: XML text (entities still escaped) is decoded when a
/// CDATA section follows or the element ends.
#[derive(Default)]
struct Gather {
    done: String,
    pending: String,
}

impl Gather {
    fn flush(&mut self) {
        if !self.pending.is_empty() {
            self.done
                .push_str(&super::extract::decode_entities(&self.pending));
            self.pending.clear();
        }
    }

    fn take(&mut self) -> String {
        self.flush();
        std::mem::take(&mut self.done)
    }
}

/// An Atom `<link>`: its `href`, when it is the alternate (or only) link.
fn atom_link(e: &quick_xml::events::BytesStart) -> Option<String> {
    let mut href = None;
    let mut rel = None;
    for a in e.attributes().flatten() {
        let value = super::extract::decode_entities(&a.value);
        match a.key.as_ref() {
            "href" => href = Some(value),
            "rel" => rel = Some(value),
            _ => {}
        }
    }
    if rel.as_deref().is_some_and(|r| r != "alternate") {
        return None;
    }
    href
}

/// Read a feed: its items as documents, and the problems met (an item without text).
pub(super) fn read(path: &str, text: &str, enc: &str) -> (Vec<Document>, Vec<Problem>) {
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = false;
    let mut items: Vec<Raw> = Vec::new();
    let mut feed_title: Option<String> = None;
    let mut in_item: Option<Raw> = None;
    // The open elements' names; the field being gathered and how deep it started.
    let mut open: Vec<String> = Vec::new();
    let mut gathering: Option<(Field, usize)> = None;
    let mut gather = Gather::default();
    let mut problem = None;
    loop {
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                problem = Some(format!(
                    "invalid XML feed at byte {}: {e}",
                    reader.error_position()
                ));
                break;
            }
        };
        match event {
            Event::Start(e) => {
                let name = e.name().as_ref().to_string();
                if gathering.is_none() {
                    if matches!(name.as_str(), "item" | "entry") {
                        in_item = Some(Raw::default());
                    } else if let Some(f) = field_of(&name) {
                        let top_title = f == Field::Title && in_item.is_none();
                        if in_item.is_some() || top_title && feed_title.is_none() {
                            gathering = Some((f, open.len()));
                        }
                        if f == Field::Link
                            && let (Some(item), Some(href)) = (in_item.as_mut(), atom_link(&e))
                        {
                            item.set(Field::Link, href);
                        }
                    }
                }
                open.push(name);
            }
            Event::Empty(e) => {
                if e.name().as_ref() == "link"
                    && gathering.is_none()
                    && let (Some(item), Some(href)) = (in_item.as_mut(), atom_link(&e))
                {
                    item.set(Field::Link, href);
                }
            }
            Event::End(e) => {
                open.pop();
                let item_end = matches!(e.name().as_ref(), "item" | "entry");
                if let Some((f, depth)) = gathering
                    && open.len() == depth
                {
                    gathering = None;
                    let v = gather.take();
                    match in_item.as_mut() {
                        Some(item) => item.set(f, v),
                        None => feed_title = Some(v.trim().to_string()).filter(|t| !t.is_empty()),
                    }
                } else if gathering.is_none()
                    && item_end
                    && let Some(item) = in_item.take()
                {
                    items.push(item);
                }
            }
            Event::Text(t) if gathering.is_some() => {
                gather.pending.push_str(&t);
            }
            Event::GeneralRef(r) if gathering.is_some() => {
                gather.pending.push('&');
                gather.pending.push_str(&r);
                gather.pending.push(';');
            }
            Event::CData(c) if gathering.is_some() => {
                gather.flush();
                gather.done.push_str(&c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut docs = Vec::new();
    let mut problems = Vec::new();
    for (i, raw) in items.into_iter().enumerate() {
        let item = Item {
            title: raw.title,
            text: raw.content.or(raw.summary),
            date: raw.published.or(raw.updated),
            url: raw.link,
            source: raw.source.or_else(|| feed_title.clone()),
            author: raw.author,
            lang: raw.lang,
        };
        match item.document(format!("{path}#{}", i + 1), Format::Rss, enc) {
            Ok(d) => docs.push(d),
            Err(p) => problems.push(p),
        }
    }
    if docs.is_empty() && problems.is_empty() {
        problems.push(Problem {
            path: path.to_string(),
            reason: problem.unwrap_or_else(|| "feed has no items".into()),
        });
    }
    (docs, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_items_with_html_and_entities() {
        let feed = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>وكالة الأنباء</title><link>https://news.example/</link>
<item>
  <title>&#8220;الحوار&#8221; يبدأ في جنيف</title>
  <link>https://news.example/1</link>
  <dc:creator>سارة علي</dc:creator>
  <pubDate>Mon, 26 Feb 2018 02:20:10 GMT</pubDate>
  <description>ملخص قصير</description>
  <content:encoded><![CDATA[<p>بدأت في جنيف اليوم جولة جديدة من الحوار.</p><p>وقال المبعوث إن الأطراف &quot;جادة&quot;.</p>]]></content:encoded>
</item>
<item>
  <title>خبر ثان</title>
  <description>&lt;p&gt;أعلنت الوزارة عن خطة جديدة.&lt;/p&gt;</description>
</item>
<item><title>بلا نص</title></item>
</channel></rss>"#;
        let (docs, problems) = read("f.rss", feed, "UTF-8");
        assert_eq!(docs.len(), 2, "{problems:?}");
        assert_eq!(problems.len(), 1);
        let d = &docs[0];
        assert_eq!(d.path, "f.rss#1");
        assert_eq!(d.title.as_deref(), Some("“الحوار” يبدأ في جنيف"));
        assert_eq!(d.url.as_deref(), Some("https://news.example/1"));
        assert_eq!(d.date.as_deref(), Some("Mon, 26 Feb 2018 02:20:10 GMT"));
        assert_eq!(d.source.as_deref(), Some("وكالة الأنباء"));
        assert_eq!(d.author.as_deref(), Some("سارة علي"));
        assert_eq!(
            d.text,
            "بدأت في جنيف اليوم جولة جديدة من الحوار.\n\nوقال المبعوث إن الأطراف \"جادة\"."
        );
        assert_eq!(docs[1].text, "أعلنت الوزارة عن خطة جديدة.");
        assert_eq!(docs[1].format, Format::Rss);
    }

    #[test]
    fn atom_entries() {
        let feed = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>موقع</title>
<entry><title type="html">عنوان &amp; تفاصيل</title>
<link rel="alternate" href="https://news.example/a"/><link rel="self" href="https://x/self"/>
<published>2020-06-03T10:00:00+04:00</published><updated>2020-06-04T10:00:00+04:00</updated>
<summary>نص الخبر كاملا هنا.</summary></entry></feed>"#;
        let (docs, _) = read("f.atom", feed, "UTF-8");
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        assert_eq!(d.title.as_deref(), Some("عنوان & تفاصيل"));
        assert_eq!(d.url.as_deref(), Some("https://news.example/a"));
        assert_eq!(d.date.as_deref(), Some("2020-06-03T10:00:00+04:00"));
        assert_eq!(d.text, "نص الخبر كاملا هنا.");
        assert_eq!(d.source.as_deref(), Some("موقع"));
    }

    #[test]
    fn not_a_feed() {
        let (docs, problems) = read("f.xml", "<a><b>", "UTF-8");
        assert!(docs.is_empty());
        assert_eq!(problems.len(), 1);
    }
}
