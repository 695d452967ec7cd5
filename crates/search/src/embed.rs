//! Word vectors trained on the library itself, and article vectors made from them: a small model
//! trained here, offline, on the legal text being searched, so that a question can reach an
//! article in words the two do not share ("vợ chồng bỏ nhau" near "ly hôn").
//!
//! - Training is skip-gram with negative sampling (word2vec) over folded syllables, one article
//!   line per sentence. It is deterministic: one thread, a seeded generator, so the same library
//!   gives the same model and the same rankings.
//! - An article's vector is the idf-weighted mean of its syllables' unit vectors, less the mean
//!   over all training articles (the direction every legal text shares), at unit length. It is
//!   stored with the article in the index, [`DIM`] signed bytes in [`LANES`] u64 fast fields.
//! - A question's vector is made the same way; [`crate::find`] adds the cosine to the lexical
//!   score of its candidates (`Weights::dense`).
//!
//! The model is derived (like the index): trained when an index is built from empty or rebuilt,
//! saved beside the index ([`FILE`]) and reused by later syncs. A library too small to learn from
//! ([`Training::min_tokens`]) gets no model, and search is lexical only.

use crate::SearchError;
use crate::analyze;
use crate::synth::Rng;
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

/// Vector dimensions.
pub const DIM: usize = 128;
/// u64 fast fields holding one article vector (8 dimensions each, one signed byte per dimension).
pub const LANES: usize = DIM / 8;
/// The model's file name inside the index directory.
pub const FILE: &str = "embedding.bin";
const MAGIC: &[u8; 8] = b"TPHW2V01";

/// How a model is trained.
#[derive(Debug, Clone, Copy)]
pub struct Training {
    /// Context words on each side.
    pub window: usize,
    /// Negative samples per context word.
    pub negatives: usize,
    /// Words seen fewer times are left out.
    pub min_count: u32,
    /// A pair of adjacent words seen fewer times is never a phrase.
    pub phrase_min_count: u32,
    /// A pair becomes a phrase when (n(ab) − min) ÷ (n(a) · n(b)) · |vocabulary| exceeds this.
    pub phrase_threshold: f64,
    /// Below this many training tokens no model is trained.
    pub min_tokens: usize,
    /// At most this many tokens are read from the library (a spread sample of it).
    pub max_tokens: usize,
    /// Token updates aimed for over all epochs (epochs = this ÷ tokens, clamped to 3..=30).
    pub budget: usize,
    pub seed: u64,
}

impl Default for Training {
    fn default() -> Training {
        Training {
            window: 6,
            negatives: 5,
            min_count: 3,
            phrase_min_count: 5,
            phrase_threshold: 10.0,
            min_tokens: 100_000,
            max_tokens: 4_000_000,
            budget: 20_000_000,
            seed: 1,
        }
    }
}

/// No token (a syllable the model never saw), or no vector row (a token too rare).
const NONE: u32 = u32::MAX;

/// Trained word vectors over syllables and the phrases learnt from them.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// Token id → text: a folded syllable (`hon`) or a phrase (`ly_hon`, `tai_san_chung`).
    names: Vec<String>,
    /// Folded syllable → token id.
    syllables: HashMap<String, u32>,
    /// Two layers of phrases: a pair of adjacent tokens → the phrase's token id (the second layer
    /// joins the first's output, so phrases reach four syllables).
    layers: [HashMap<(u32, u32), u32>; 2],
    /// Token id → row of `vectors` (NONE: too rare to have a vector).
    rows: Vec<u32>,
    /// Unit-length vectors, `DIM` per row.
    vectors: Vec<f32>,
    /// Per-row weight: idf over the training articles.
    weights: Vec<f32>,
    /// The mean article vector, subtracted from every article and question vector.
    mean: Vec<f32>,
}

/// A corpus gathered for training: article lines as syllable token ids.
#[derive(Debug, Default)]
pub struct Corpus {
    names: Vec<String>,
    syllables: HashMap<String, u32>,
    lines: Vec<Vec<u32>>,
    /// Each article's lines: a range of `lines`.
    articles: Vec<std::ops::Range<usize>>,
    tokens: usize,
}

impl Corpus {
    /// Add one article (its heading and body).
    pub fn add(&mut self, heading: &str, body: &str) {
        let first = self.lines.len();
        for line in std::iter::once(heading).chain(body.lines()) {
            let ids: Vec<u32> = analyze::syllables(line).into_iter().map(|s| self.intern(s.fold)).collect();
            if ids.is_empty() {
                continue;
            }
            self.tokens += ids.len();
            self.lines.push(ids);
        }
        self.articles.push(first..self.lines.len());
    }

    fn intern(&mut self, syllable: String) -> u32 {
        if let Some(&id) = self.syllables.get(&syllable) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(syllable.clone());
        self.syllables.insert(syllable, id);
        id
    }

    /// Syllables gathered so far.
    pub fn tokens(&self) -> usize {
        self.tokens
    }
}

impl Model {
    /// Train on a corpus. None when it is smaller than `cfg.min_tokens`.
    pub fn train(corpus: Corpus, cfg: &Training) -> Option<Model> {
        if corpus.tokens < cfg.min_tokens.max(1) {
            return None;
        }
        let Corpus { names, syllables, mut lines, articles, .. } = corpus;
        let mut model = Model { names, syllables, ..Model::default() };
        for layer in 0..2 {
            model.layers[layer] = model.learn_phrases(&lines, cfg);
            for line in &mut lines {
                *line = join(&model.layers[layer], line);
            }
        }
        let (rows, counts) = vocabulary(&lines, model.names.len(), cfg.min_count);
        if counts.is_empty() {
            return None;
        }
        model.rows = rows;
        let sentences: Vec<Vec<u32>> =
            lines.iter().map(|l| l.iter().map(|&t| model.rows[t as usize]).filter(|&r| r != NONE).collect()).collect();
        model.vectors = sgns(&sentences, &counts, cfg);
        for row in model.vectors.chunks_mut(DIM) {
            normalise(row);
        }
        let article_rows = |range: &std::ops::Range<usize>| -> Vec<u32> {
            sentences[range.clone()].iter().flatten().copied().collect()
        };
        // idf over articles.
        let mut df = vec![0u32; counts.len()];
        for a in &articles {
            let mut seen = article_rows(a);
            seen.sort_unstable();
            seen.dedup();
            for r in seen {
                df[r as usize] += 1;
            }
        }
        let docs = articles.len().max(1) as f32;
        model.weights = df.iter().map(|&d| (1.0 + docs / (1.0 + d as f32)).ln()).collect();
        let mut mean = vec![0.0f32; DIM];
        let mut count = 0usize;
        for a in &articles {
            if let Some(v) = model.raw_vector(&article_rows(a)) {
                for (m, x) in mean.iter_mut().zip(v) {
                    *m += x;
                }
                count += 1;
            }
        }
        for m in &mut mean {
            *m /= count.max(1) as f32;
        }
        model.mean = mean;
        Some(model)
    }

    /// Adjacent pairs scoring above the threshold become phrases (Mikolov et al. 2013, §4).
    fn learn_phrases(&mut self, lines: &[Vec<u32>], cfg: &Training) -> HashMap<(u32, u32), u32> {
        let mut single: HashMap<u32, u64> = HashMap::new();
        let mut pairs: HashMap<(u32, u32), u64> = HashMap::new();
        for line in lines {
            for &t in line {
                *single.entry(t).or_default() += 1;
            }
            for p in line.windows(2) {
                *pairs.entry((p[0], p[1])).or_default() += 1;
            }
        }
        let vocabulary = (single.len() + pairs.len()) as f64;
        let min = cfg.phrase_min_count as u64;
        let count = |t: &u32| single.get(t).copied().unwrap_or(1) as f64;
        let mut chosen: Vec<(u32, u32)> = pairs
            .iter()
            .filter(|((a, b), n)| {
                **n >= min && (**n - min) as f64 / (count(a) * count(b)) * vocabulary > cfg.phrase_threshold
            })
            .map(|(p, _)| *p)
            .collect();
        chosen.sort_unstable();
        let mut layer = HashMap::with_capacity(chosen.len());
        for (a, b) in chosen {
            let id = self.names.len() as u32;
            self.names.push(format!("{}_{}", self.names[a as usize], self.names[b as usize]));
            layer.insert((a, b), id);
        }
        layer
    }

    /// Words and phrases with a vector.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// The model's tokens of a text (syllables joined into phrases), as vector rows.
    fn rows_of(&self, text: &str) -> Vec<u32> {
        let mut out = vec![];
        for line in text.lines() {
            let mut ids: Vec<u32> = analyze::syllables(line)
                .into_iter()
                .map(|s| self.syllables.get(&s.fold).copied().unwrap_or(NONE))
                .collect();
            for layer in &self.layers {
                ids = join(layer, &ids);
            }
            out.extend(ids.into_iter().filter(|&t| t != NONE).map(|t| self.rows[t as usize]).filter(|&r| r != NONE));
        }
        out
    }

    fn row(&self, r: u32) -> &[f32] {
        &self.vectors[r as usize * DIM..(r as usize + 1) * DIM]
    }

    /// The model's words and phrases in a text (`ly_hon`).
    #[cfg(test)]
    fn tokens(&self, text: &str) -> Vec<String> {
        let row_names: HashMap<u32, &String> =
            self.rows.iter().enumerate().filter(|(_, r)| **r != NONE).map(|(t, r)| (*r, &self.names[t])).collect();
        self.rows_of(text).into_iter().filter_map(|r| row_names.get(&r).map(|s| s.to_string())).collect()
    }

    /// The nearest words and phrases to `w` (a folded syllable or phrase, `ly_hon`), by cosine.
    pub fn neighbours(&self, w: &str, n: usize) -> Vec<(String, f32)> {
        let Some(t) = self.names.iter().position(|name| name == w) else { return vec![] };
        let r = self.rows[t];
        if r == NONE {
            return vec![];
        }
        let mut all: Vec<(String, f32)> = self
            .rows
            .iter()
            .enumerate()
            .filter(|(other, row)| **row != NONE && *other != t)
            .map(|(other, row)| (self.names[other].clone(), dot(self.row(r), self.row(*row))))
            .collect();
        all.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        all.truncate(n);
        all
    }

    /// The idf-weighted sum of the rows' vectors at unit length, not yet centred.
    fn raw_vector(&self, rows: &[u32]) -> Option<[f32; DIM]> {
        if rows.is_empty() {
            return None;
        }
        let mut v = [0.0f32; DIM];
        for &r in rows {
            let w = self.weights[r as usize];
            for (x, y) in v.iter_mut().zip(self.row(r)) {
                *x += w * y;
            }
        }
        normalise(&mut v);
        Some(v)
    }

    /// The centred unit vector of a text; None if the model knows none of its words.
    pub fn vector(&self, text: &str) -> Option<[f32; DIM]> {
        let mut v = self.raw_vector(&self.rows_of(text))?;
        for (x, m) in v.iter_mut().zip(&self.mean) {
            *x -= m;
        }
        normalise(&mut v);
        Some(v)
    }

    /// An article's vector packed for the index: one signed byte per dimension, 8 per u64.
    pub fn article_lanes(&self, heading: &str, body: &str) -> [u64; LANES] {
        self.vector(&format!("{heading}\n{body}")).map(|v| pack(&v)).unwrap_or([0; LANES])
    }

    /// Save to `path` (written to a temporary file, then renamed).
    pub fn save(&self, path: &Path) -> Result<(), SearchError> {
        let io = |e| SearchError::Io(path.display().to_string(), e);
        let tmp = path.with_extension("tmp");
        let mut out = std::io::BufWriter::new(std::fs::File::create(&tmp).map_err(io)?);
        let mut put = |bytes: &[u8]| out.write_all(bytes).map_err(io);
        put(MAGIC)?;
        put(&(DIM as u32).to_le_bytes())?;
        put(&(self.names.len() as u32).to_le_bytes())?;
        put(&(self.weights.len() as u32).to_le_bytes())?;
        for (t, name) in self.names.iter().enumerate() {
            put(&(name.len() as u16).to_le_bytes())?;
            put(name.as_bytes())?;
            let is_syllable = self.syllables.get(name) == Some(&(t as u32));
            put(&[is_syllable as u8])?;
            put(&self.rows[t].to_le_bytes())?;
        }
        for layer in &self.layers {
            let mut entries: Vec<(&(u32, u32), &u32)> = layer.iter().collect();
            entries.sort_unstable();
            put(&(entries.len() as u32).to_le_bytes())?;
            for ((a, b), id) in entries {
                for x in [a, b, id] {
                    put(&x.to_le_bytes())?;
                }
            }
        }
        for x in self.mean.iter().chain(&self.weights).chain(&self.vectors) {
            put(&x.to_le_bytes())?;
        }
        out.flush().map_err(io)?;
        drop(out);
        std::fs::rename(&tmp, path).map_err(io)
    }

    /// Load from `path`; None if there is no file.
    pub fn load(path: &Path) -> Result<Option<Model>, SearchError> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(SearchError::Io(path.display().to_string(), e)),
        };
        let bad = |what: &str| SearchError::Invalid(format!("{}: {what}", path.display()));
        let truncated = || bad("truncated file");
        let mut r: &[u8] = &bytes;
        if take::<8>(&mut r).ok_or_else(truncated)? != *MAGIC {
            return Err(bad("not a tuphap word-vector file"));
        }
        if read_u32(&mut r).ok_or_else(truncated)? as usize != DIM {
            return Err(bad("vectors of another dimension"));
        }
        let tokens = read_u32(&mut r).ok_or_else(truncated)? as usize;
        let n_rows = read_u32(&mut r).ok_or_else(truncated)? as usize;
        // Counts are checked against what is left, so a corrupt count cannot allocate much.
        if tokens > r.len() || n_rows.saturating_mul(4 * (DIM + 1)) > r.len() {
            return Err(truncated());
        }
        let mut model = Model::default();
        for t in 0..tokens {
            let len = take(&mut r).map(u16::from_le_bytes).ok_or_else(truncated)? as usize;
            if r.len() < len + 1 {
                return Err(truncated());
            }
            let (name, rest) = r.split_at(len);
            let name = std::str::from_utf8(name).map_err(|_| bad("a word is not UTF-8"))?.to_string();
            let is_syllable = rest[0] == 1;
            r = &rest[1..];
            let row = read_u32(&mut r).ok_or_else(truncated)?;
            if row != NONE && row as usize >= n_rows {
                return Err(bad("a word's vector row is out of range"));
            }
            if is_syllable {
                model.syllables.insert(name.clone(), t as u32);
            }
            model.names.push(name);
            model.rows.push(row);
        }
        for layer in &mut model.layers {
            let n = read_u32(&mut r).ok_or_else(truncated)? as usize;
            if n.saturating_mul(12) > r.len() {
                return Err(truncated());
            }
            for _ in 0..n {
                let (a, b, id) = (read_u32(&mut r), read_u32(&mut r), read_u32(&mut r));
                let (Some(a), Some(b), Some(id)) = (a, b, id) else { return Err(truncated()) };
                if [a, b, id].iter().any(|&x| x as usize >= tokens) {
                    return Err(bad("a phrase names an unknown word"));
                }
                layer.insert((a, b), id);
            }
        }
        let mut floats = |n: usize| -> Result<Vec<f32>, SearchError> {
            (0..n).map(|_| read_f32(&mut r).ok_or_else(truncated)).collect()
        };
        model.mean = floats(DIM)?;
        model.weights = floats(n_rows)?;
        model.vectors = floats(n_rows * DIM)?;
        Ok(Some(model))
    }
}

/// Join the pairs a phrase layer knows, left to right (`ly`, `hon` → `ly_hon`).
fn join(layer: &HashMap<(u32, u32), u32>, ids: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(ids.len());
    let mut i = 0;
    while i < ids.len() {
        if let Some(&phrase) = ids.get(i + 1).and_then(|&b| layer.get(&(ids[i], b))) {
            out.push(phrase);
            i += 2;
        } else {
            out.push(ids[i]);
            i += 1;
        }
    }
    out
}

/// Rows for the tokens seen at least `min_count` times, most frequent first: (token id → row,
/// count per row).
fn vocabulary(lines: &[Vec<u32>], tokens: usize, min_count: u32) -> (Vec<u32>, Vec<u64>) {
    let mut counts = vec![0u64; tokens];
    for &t in lines.iter().flatten() {
        counts[t as usize] += 1;
    }
    let mut kept: Vec<(u32, u64)> =
        counts.iter().enumerate().filter(|(_, c)| **c >= min_count as u64).map(|(t, c)| (t as u32, *c)).collect();
    kept.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut rows = vec![NONE; tokens];
    for (row, (t, _)) in kept.iter().enumerate() {
        rows[*t as usize] = row as u32;
    }
    (rows, kept.into_iter().map(|(_, c)| c).collect())
}

/// The next `N` bytes of `r`, consumed.
fn take<const N: usize>(r: &mut &[u8]) -> Option<[u8; N]> {
    let (head, rest) = r.split_first_chunk::<N>()?;
    *r = rest;
    Some(*head)
}

fn read_u32(r: &mut &[u8]) -> Option<u32> {
    take(r).map(u32::from_le_bytes)
}

fn read_f32(r: &mut &[u8]) -> Option<f32> {
    take(r).map(f32::from_le_bytes)
}

/// Pack a unit vector into signed bytes (×127), 8 per u64.
fn pack(v: &[f32; DIM]) -> [u64; LANES] {
    let mut out = [0u64; LANES];
    for (i, x) in v.iter().enumerate() {
        let b = (x * 127.0).round().clamp(-127.0, 127.0) as i8 as u8;
        out[i / 8] |= (b as u64) << ((i % 8) * 8);
    }
    out
}

/// The cosine of a (unit) question vector with a packed article vector; 0 for an article
/// without one.
pub fn cosine(q: &[f32; DIM], lanes: &[u64; LANES]) -> f32 {
    let mut sum = 0.0f32;
    for (i, x) in q.iter().enumerate() {
        let b = (lanes[i / 8] >> ((i % 8) * 8)) as u8 as i8;
        sum += x * b as f32;
    }
    sum / 127.0
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn normalise(v: &mut [f32]) {
    let n = dot(v, v).sqrt();
    if n > 0.0 {
        for x in v.iter_mut() {
            *x /= n;
        }
    }
}

/// Skip-gram with negative sampling (Mikolov et al. 2013, as in word2vec.c): for each word and
/// each context word within a randomly shrunk window, the context word's input vector learns to
/// predict the word against `negatives` words drawn from the unigram distribution to the ¾ power.
/// Frequent words are subsampled (t = 10⁻³); the learning rate falls linearly from 0.025.
/// Returns the input vectors.
fn sgns(sentences: &[Vec<u32>], counts: &[u64], cfg: &Training) -> Vec<f32> {
    let n = counts.len();
    let mut rng = Rng::new(cfg.seed);
    let mut input: Vec<f32> =
        (0..n * DIM).map(|_| ((rng.next_u64() >> 11) as f32 / (1u64 << 53) as f32 - 0.5) / DIM as f32).collect();
    let mut output = vec![0.0f32; n * DIM];
    let table = unigram_table(counts);
    let total: u64 = counts.iter().sum();
    let tokens: usize = sentences.iter().map(Vec::len).sum();
    let epochs = (cfg.budget / tokens.max(1)).clamp(3, 30);
    let keep: Vec<f32> = counts
        .iter()
        .map(|&c| {
            let f = c as f64 / total as f64;
            let t = 1e-3;
            (((f / t).sqrt() + 1.0) * t / f).min(1.0) as f32
        })
        .collect();
    let start_rate = 0.025f32;
    let all = (epochs * tokens) as f32;
    let mut done = 0usize;
    let mut grad = [0.0f32; DIM];
    let mut kept: Vec<u32> = vec![];
    for _ in 0..epochs {
        for sentence in sentences {
            let rate = (start_rate * (1.0 - done as f32 / all)).max(start_rate * 1e-4);
            done += sentence.len();
            kept.clear();
            for &w in sentence {
                if keep[w as usize] >= 1.0 || uniform(&mut rng) < keep[w as usize] {
                    kept.push(w);
                }
            }
            for (pos, &word) in kept.iter().enumerate() {
                let shrink = rng.below(cfg.window);
                let reach = cfg.window - shrink;
                let lo = pos.saturating_sub(reach);
                let hi = (pos + reach).min(kept.len() - 1);
                for (c, &context) in kept.iter().enumerate().take(hi + 1).skip(lo) {
                    if c == pos {
                        continue;
                    }
                    let ci = context as usize * DIM;
                    grad.fill(0.0);
                    for k in 0..=cfg.negatives {
                        let (target, label) = if k == 0 {
                            (word, 1.0f32)
                        } else {
                            let t = table[rng.below(table.len())];
                            if t == word {
                                continue;
                            }
                            (t, 0.0)
                        };
                        let ti = target as usize * DIM;
                        let f = dot(&input[ci..ci + DIM], &output[ti..ti + DIM]);
                        let g = (label - sigmoid(f)) * rate;
                        for d in 0..DIM {
                            grad[d] += g * output[ti + d];
                            output[ti + d] += g * input[ci + d];
                        }
                    }
                    for d in 0..DIM {
                        input[ci + d] += grad[d];
                    }
                }
            }
        }
    }
    input
}

fn sigmoid(x: f32) -> f32 {
    if x > 6.0 {
        1.0
    } else if x < -6.0 {
        0.0
    } else {
        1.0 / (1.0 + (-x).exp())
    }
}

fn uniform(rng: &mut Rng) -> f32 {
    (rng.next_u64() >> 40) as f32 / (1u64 << 24) as f32
}

/// Word indices laid out in proportion to count^¾ (negative sampling draws from it).
fn unigram_table(counts: &[u64]) -> Vec<u32> {
    const SIZE: usize = 1_000_000;
    let powered: Vec<f64> = counts.iter().map(|&c| (c as f64).powf(0.75)).collect();
    let sum: f64 = powered.iter().sum();
    let mut table = Vec::with_capacity(SIZE);
    for (i, p) in powered.iter().enumerate() {
        let slots = ((p / sum) * SIZE as f64).round().max(1.0) as usize;
        table.extend(std::iter::repeat_n(i as u32, slots));
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A corpus where two families of words share their contexts.
    fn corpus() -> Corpus {
        let mut c = Corpus::default();
        let mut rng = Rng::new(7);
        let family = ["vợ chồng ly hôn", "chia tài sản chung", "nuôi con dưới mười tám tuổi"];
        let crime = ["tội trộm cắp tài sản", "phạt tù từ một năm", "cải tạo không giam giữ"];
        for i in 0..4000 {
            let topic = if i % 2 == 0 { &family } else { &crime };
            let mut line = String::new();
            for _ in 0..6 {
                line.push_str(topic[rng.below(3)]);
                line.push(' ');
            }
            c.add("", &line);
        }
        c
    }

    #[test]
    fn words_of_one_topic_are_nearer_than_words_of_another() {
        let cfg = Training { min_tokens: 1000, budget: 300_000, ..Training::default() };
        let model = Model::train(corpus(), &cfg).expect("trained");
        let q = model.vector("vợ chồng chia tài sản").expect("vector");
        let family = model.article_lanes("", "nuôi con ly hôn");
        let crime = model.article_lanes("", "phạt tù trộm cắp");
        assert!(cosine(&q, &family) > cosine(&q, &crime));
    }

    #[test]
    fn a_pair_always_seen_together_becomes_a_phrase() {
        let mut c = Corpus::default();
        let mut rng = Rng::new(3);
        for _ in 0..1000 {
            let mut line: Vec<String> = (0..12).map(|_| format!("w{}", rng.below(5000))).collect();
            line.insert(rng.below(8), "ly hôn".to_string());
            c.add("", &line.join(" "));
        }
        let cfg = Training { min_tokens: 1000, budget: 50_000, ..Training::default() };
        let model = Model::train(c, &cfg).expect("trained");
        assert_eq!(model.tokens("vợ chồng ly hôn"), vec!["ly_hon".to_string()], "unknown words dropped, pair joined");
        let layer: HashMap<(u32, u32), u32> = [((1, 2), 9)].into_iter().collect();
        assert_eq!(join(&layer, &[1, 2, 2, 1, 2]), vec![9, 2, 9]);
    }

    #[test]
    fn too_small_a_corpus_trains_nothing() {
        let mut c = Corpus::default();
        c.add("Điều 1", "Phạm vi điều chỉnh");
        assert!(Model::train(c, &Training::default()).is_none());
    }

    #[test]
    fn a_saved_model_loads_the_same_and_a_bad_file_is_an_error() {
        let cfg = Training { min_tokens: 1000, budget: 100_000, ..Training::default() };
        let model = Model::train(corpus(), &cfg).expect("trained");
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(FILE);
        model.save(&path).expect("save");
        let loaded = Model::load(&path).expect("load").expect("present");
        assert_eq!(loaded.len(), model.len());
        assert_eq!(loaded.article_lanes("", "ly hôn"), model.article_lanes("", "ly hôn"));
        let mut bad = MAGIC.to_vec();
        bad.extend((DIM as u32).to_le_bytes());
        bad.extend(0x00ff_ffffu32.to_le_bytes());
        std::fs::write(&path, bad).expect("write");
        let err = Model::load(&path).expect_err("truncated");
        assert!(err.to_string().contains("truncated"), "{err}");
        assert!(Model::load(&dir.path().join("absent")).expect("ok").is_none());
    }

    #[test]
    fn packing_keeps_the_cosine() {
        let mut v = [0.0f32; DIM];
        for (i, x) in v.iter_mut().enumerate() {
            *x = ((i * 37 % 11) as f32 - 5.0) / 5.0;
        }
        normalise(&mut v);
        assert!((cosine(&v, &pack(&v)) - 1.0).abs() < 0.02);
    }
}
