//! A phrase of phrase words, matched through the index's word pairs (see
//! [`crate::analysis::pairs`]) and scored exactly as the phrase of words is: with the BM25
//! weight of its words, the passage's length in words and the number of times the phrase
//! occurs in the passage. Only where it is found changes, not what it finds or how it ranks.

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25Weight, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term, TERMINATED};

/// A phrase of two or more words, each a phrase word, read from the pairs of its adjacent words.
#[derive(Clone, Debug)]
pub(crate) struct PairPhraseQuery {
    /// The words, in the word field: they weigh the phrase.
    words: Vec<Term>,
    /// The pairs of adjacent words, in the pair field: they find it.
    pairs: Vec<Term>,
}

impl PairPhraseQuery {
    /// The phrase of `words` (terms of one field), found by `pairs` (one fewer, in order).
    pub(crate) fn new(words: Vec<Term>, pairs: Vec<Term>) -> PairPhraseQuery {
        assert!(words.len() >= 2 && pairs.len() + 1 == words.len(), "a phrase of n words has n - 1 pairs");
        PairPhraseQuery { words, pairs }
    }
}

impl Query for PairPhraseQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let bm25 = match scoring {
            EnableScoring::Enabled { statistics_provider, .. } => {
                Some(Bm25Weight::for_terms(statistics_provider, &self.words)?)
            }
            EnableScoring::Disabled { .. } => None,
        };
        Ok(Box::new(PairPhraseWeight { word_field: self.words[0].field(), pairs: self.pairs.clone(), bm25 }))
    }

    /// The pairs: what the query reads (with positions when there are several).
    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for pair in &self.pairs {
            visitor(pair, self.pairs.len() > 1);
        }
    }
}

struct PairPhraseWeight {
    word_field: Field,
    pairs: Vec<Term>,
    bm25: Option<Bm25Weight>,
}

impl PairPhraseWeight {
    /// The lengths in words of the segment's documents, or 1 for all when not scoring.
    fn fieldnorms(&self, reader: &SegmentReader) -> tantivy::Result<FieldNormReader> {
        if self.bm25.is_some() {
            if let Some(norms) = reader.fieldnorms_readers().get_field(self.word_field)? {
                return Ok(norms);
            }
        }
        Ok(FieldNormReader::constant(reader.max_doc(), 1))
    }

    /// The scorer of the segment, `None` when a pair is not in it.
    fn pair_scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Option<PairScorer>> {
        let bm25 = self.bm25.as_ref().map(|weight| weight.boost_by(boost));
        let fieldnorms = self.fieldnorms(reader)?;
        let record =
            if self.pairs.len() == 1 { IndexRecordOption::WithFreqs } else { IndexRecordOption::WithFreqsAndPositions };
        let mut postings = Vec::with_capacity(self.pairs.len());
        for (offset, pair) in self.pairs.iter().enumerate() {
            match reader.inverted_index(pair.field())?.read_postings(pair, record)? {
                Some(found) => postings.push((offset as u32, found)),
                None => return Ok(None),
            }
        }
        Ok(Some(PairScorer::new(postings, fieldnorms, bm25)))
    }
}

impl Weight for PairPhraseWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(match self.pair_scorer(reader, boost)? {
            Some(scorer) => Box::new(scorer),
            None => Box::new(EmptyScorer),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let not_matched = || TantivyError::InvalidArgument(format!("document #{doc} does not match"));
        let mut scorer = self.pair_scorer(reader, 1.0)?.ok_or_else(not_matched)?;
        if scorer.seek(doc) != doc {
            return Err(not_matched());
        }
        let mut explanation = Explanation::new("Phrase found by its word pairs", scorer.score());
        if let Some(bm25) = &self.bm25 {
            explanation.add_detail(bm25.explain(self.fieldnorms(reader)?.fieldnorm_id(doc), scorer.count));
        }
        Ok(explanation)
    }
}

/// The documents where the pairs stand one after another, each with the number of times they
/// do (the phrase count). One pair is the phrase wherever it occurs, as often as it does.
struct PairScorer {
    /// Each pair's postings and its place in the phrase (0 for the first pair), rarest first.
    postings: Vec<(u32, SegmentPostings)>,
    fieldnorms: FieldNormReader,
    bm25: Option<Bm25Weight>,
    doc: DocId,
    /// How often the phrase occurs in `doc`.
    count: u32,
    /// Positions where the phrase may start, and a buffer for a pair's positions.
    starts: Vec<u32>,
    positions: Vec<u32>,
}

impl PairScorer {
    /// The scorer, at the first document where the phrase occurs.
    fn new(
        mut postings: Vec<(u32, SegmentPostings)>,
        fieldnorms: FieldNormReader,
        bm25: Option<Bm25Weight>,
    ) -> PairScorer {
        postings.sort_by_key(|(_, pair)| pair.size_hint());
        let first = postings[0].1.doc();
        let mut scorer =
            PairScorer { postings, fieldnorms, bm25, doc: first, count: 0, starts: Vec::new(), positions: Vec::new() };
        scorer.find_from(first);
        scorer
    }

    /// Moves to the first document from `candidate` (where the rarest pair stands) in which
    /// the phrase occurs.
    fn find_from(&mut self, mut candidate: DocId) {
        'candidates: while candidate != TERMINATED {
            let (rarest, others) = self.postings.split_first_mut().expect("a phrase has a pair");
            for (_, pair) in others {
                if pair.doc() < candidate {
                    pair.seek(candidate);
                }
                if pair.doc() > candidate {
                    candidate = rarest.1.seek(pair.doc());
                    continue 'candidates;
                }
            }
            self.count = self.phrase_count();
            if self.count > 0 {
                self.doc = candidate;
                return;
            }
            candidate = self.postings[0].1.advance();
        }
        self.doc = TERMINATED;
        self.count = 0;
    }

    /// How often the pairs, all in the current document, stand one after another.
    fn phrase_count(&mut self) -> u32 {
        if let [(_, pair)] = self.postings.as_slice() {
            return pair.term_freq();
        }
        self.starts.clear();
        for (i, (offset, pair)) in self.postings.iter_mut().enumerate() {
            self.positions.clear();
            pair.positions(&mut self.positions);
            let starts = self.positions.iter().filter_map(|position| position.checked_sub(*offset));
            if i == 0 {
                self.starts.extend(starts);
            } else {
                let mut starts = starts.peekable();
                self.starts.retain(|start| {
                    while starts.next_if(|s| s < start).is_some() {}
                    starts.peek() == Some(start)
                });
            }
            if self.starts.is_empty() {
                return 0;
            }
        }
        self.starts.len() as u32
    }
}

impl DocSet for PairScorer {
    fn advance(&mut self) -> DocId {
        if self.doc != TERMINATED {
            let next = self.postings[0].1.advance();
            self.find_from(next);
        }
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc < target {
            let next = self.postings[0].1.seek(target);
            self.find_from(next);
        }
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.postings[0].1.size_hint()
    }
}

impl Scorer for PairScorer {
    fn score(&mut self) -> Score {
        match &self.bm25 {
            Some(bm25) => bm25.score(self.fieldnorms.fieldnorm_id(self.doc), self.count),
            None => 1.0,
        }
    }
}
