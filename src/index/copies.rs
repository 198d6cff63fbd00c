//! Near-duplicates in the index: each article document carries its signature
//! (`copy_signature`), and each article that has copies one `copy` document naming its cluster
//! (`copy_story`, the representative's id), its place in it and its similarity.
//!
//! A cluster depends on every article, so it is not kept on the article documents: every run
//! that adds, changes or removes articles clusters the whole index again from the signatures
//! (those of the articles it keeps, read from the previous commit, and those it wrote), and in
//! the same commit rewrites the copy documents of the articles whose place changed. The clusters depend only on the set of
//! articles, so an updated index has exactly the clusters of a fresh build of the same corpus.

use std::collections::{HashMap, HashSet};

use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, Searcher, TantivyDocument, Term, TERMINATED};

use crate::duplicates::{self, Cluster, Item, Signature};
use crate::error::{index_io, Result};
use crate::index::manifest::{column_strings, live_docs_of_kind};
use crate::index::schema::{field, Fields, KIND_ARTICLE, KIND_COPY};

/// A similarity is kept in ten-thousandths.
const SIMILARITY_SCALE: f32 = 10_000.0;

/// The bytes of an article's signature as its document holds them: none for an article too
/// short ever to be a copy (see [`duplicates::MIN_SHINGLES`]).
pub(crate) fn signature_bytes(signature: &Signature) -> Option<Vec<u8>> {
    (signature.shingles() >= duplicates::MIN_SHINGLES).then(|| signature.to_bytes())
}

/// Every raw value of a bytes column, by ordinal (read once, in order, as `column_strings`).
fn column_bytes(column: &tantivy::columnar::BytesColumn) -> Result<Vec<Vec<u8>>> {
    let dictionary = column.dictionary();
    let mut values = Vec::with_capacity(dictionary.num_terms());
    let mut stream = dictionary.stream().map_err(index_io)?;
    while stream.advance() {
        values.push(stream.key().to_vec());
    }
    Ok(values)
}

/// The signed articles of the commit `searcher` reads, keyed by article id, except those of
/// the files in `except` (which a run deleted or replaced).
pub(crate) fn signed_articles(
    searcher: &Searcher,
    fields: &Fields,
    except: &HashSet<String>,
) -> Result<Vec<Item<String>>> {
    let mut items = Vec::new();
    for segment in searcher.segment_readers() {
        let docs = live_docs_of_kind(segment, fields, KIND_ARTICLE)?;
        let fast = segment.fast_fields();
        let (Some(ids), Some(paths), Some(signatures)) =
            (fast.str(field::ARTICLE_ID)?, fast.str(field::PATH)?, fast.bytes(field::COPY_SIGNATURE)?)
        else {
            continue;
        };
        if docs.is_empty() {
            continue;
        }
        let dates = fast.i64(field::DATE)?;
        let (id_by_ord, path_by_ord) = (column_strings(&ids)?, column_strings(&paths)?);
        let signature_by_ord = column_bytes(&signatures)?;
        for doc in docs {
            let path = paths.term_ords(doc).next().and_then(|ord| path_by_ord.get(ord as usize));
            if path.is_some_and(|path| except.contains(path)) {
                continue;
            }
            let id = ids.term_ords(doc).next().and_then(|ord| id_by_ord.get(ord as usize));
            let signature = signatures
                .term_ords(doc)
                .next()
                .and_then(|ord| signature_by_ord.get(ord as usize))
                .and_then(|bytes| Signature::from_bytes(bytes));
            if let (Some(id), Some(day), Some(signature)) = (id, dates.first(doc), signature) {
                items.push(Item { key: id.clone(), day, signature });
            }
        }
    }
    Ok(items)
}

/// What a copy document says of its article: its cluster's representative, its rank there and
/// its similarity in ten-thousandths.
type Place = (String, u64, u64);

/// Each clustered article's place.
fn places(clusters: &[Cluster<String>]) -> HashMap<&str, Place> {
    let mut places = HashMap::new();
    for cluster in clusters {
        let story = &cluster.members[0].key;
        for (rank, member) in cluster.members.iter().enumerate() {
            let similarity = (member.similarity.clamp(0.0, 1.0) * SIMILARITY_SCALE).round() as u64;
            places.insert(member.key.as_str(), (story.clone(), rank as u64, similarity));
        }
    }
    places
}

/// What turns the copy documents of the clusters `old` into those of `new`: the articles whose
/// copy document goes (the term that deletes it), and the documents to add. Only the articles
/// whose place changed are touched, so a nightly run that adds a few articles rewrites a few
/// copy documents, not all of them.
pub(crate) fn copy_changes(
    fields: &Fields,
    old: &[Cluster<String>],
    new: &[Cluster<String>],
) -> (Vec<Term>, Vec<TantivyDocument>) {
    let (old, new) = (places(old), places(new));
    let deletes = old
        .iter()
        .filter(|(article, place)| new.get(*article) != Some(place))
        .map(|(article, _)| Term::from_field_text(fields.copy_article, article))
        .collect();
    let mut added: Vec<(&str, &Place)> =
        new.iter().filter(|(article, place)| old.get(*article) != Some(place)).map(|(a, p)| (*a, p)).collect();
    added.sort();
    let docs = added
        .into_iter()
        .map(|(article, (story, rank, similarity))| {
            let mut doc = TantivyDocument::new();
            doc.add_text(fields.kind, KIND_COPY);
            doc.add_text(fields.copy_article, article);
            doc.add_text(fields.copy_story, story);
            doc.add_u64(fields.copy_rank, *rank);
            doc.add_u64(fields.copy_similarity, *similarity);
            doc
        })
        .collect();
    (deletes, docs)
}

/// The clusters the commit `searcher` reads holds, sorted by representative, each with its
/// members in order (the representative first).
pub(crate) fn stored_clusters(searcher: &Searcher, fields: &Fields) -> Result<Vec<Cluster<String>>> {
    // (story, rank, article, similarity)
    let mut rows: Vec<(String, u64, String, f32)> = Vec::new();
    for segment in searcher.segment_readers() {
        let docs = live_docs_of_kind(segment, fields, KIND_COPY)?;
        if docs.is_empty() {
            continue;
        }
        let fast = segment.fast_fields();
        let (Some(articles), Some(stories)) = (fast.str(field::COPY_ARTICLE)?, fast.str(field::COPY_STORY)?) else {
            continue;
        };
        let (ranks, similarities) = (fast.u64(field::COPY_RANK)?, fast.u64(field::COPY_SIMILARITY)?);
        let (article_by_ord, story_by_ord) = (column_strings(&articles)?, column_strings(&stories)?);
        for doc in docs {
            let article = articles.term_ords(doc).next().and_then(|ord| article_by_ord.get(ord as usize));
            let story = stories.term_ords(doc).next().and_then(|ord| story_by_ord.get(ord as usize));
            if let (Some(article), Some(story), Some(rank)) = (article, story, ranks.first(doc)) {
                let similarity = similarities.first(doc).unwrap_or(0) as f32 / SIMILARITY_SCALE;
                rows.push((story.clone(), rank, article.clone(), similarity));
            }
        }
    }
    rows.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    let mut clusters: Vec<Cluster<String>> = Vec::new();
    for chunk in rows.chunk_by(|a, b| a.0 == b.0) {
        let members = chunk
            .iter()
            .map(|(_, _, key, similarity)| duplicates::Member { key: key.clone(), similarity: *similarity });
        clusters.push(Cluster { members: members.collect() });
    }
    Ok(clusters)
}

/// The cluster of the article `id` (its representative's id) in the commit `searcher` reads,
/// if the article has copies.
pub(crate) fn cluster_of(searcher: &Searcher, fields: &Fields, id: &str) -> Result<Option<String>> {
    let term = Term::from_field_text(fields.copy_article, id);
    for segment in searcher.segment_readers() {
        let postings = segment
            .inverted_index(fields.copy_article)?
            .read_postings(&term, IndexRecordOption::Basic)
            .map_err(index_io)?;
        let Some(mut postings) = postings else { continue };
        let mut doc = postings.doc();
        while doc != TERMINATED {
            if !segment.is_deleted(doc) {
                let Some(stories) = segment.fast_fields().str(field::COPY_STORY)? else { return Ok(None) };
                let mut story = String::new();
                let ord = stories.term_ords(doc).next();
                if let Some(ord) = ord {
                    stories.ord_to_str(ord, &mut story).map_err(index_io)?;
                    return Ok(Some(story));
                }
            }
            doc = postings.advance();
        }
    }
    Ok(None)
}
