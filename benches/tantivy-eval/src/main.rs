//! tantivy vs. the shop's BM25F index, on the shop's judged query set.
//!
//!   tantivy-eval gen   SEED_DIR OUT_DIR N            generate an N-product catalog from the seeds
//!   tantivy-eval build CATALOG_DIR INDEX_DIR [HEAP_MB]   index a catalog on disk (1 writer thread)
//!   tantivy-eval eval  CATALOG_DIR INDEX_DIR [--reps N] [--fuzzy-weight W] [--verbose]
//!   tantivy-eval run   CATALOG_DIR [--reps N] ...    build in RAM, then eval (small catalogs)

mod catalog;
/// The shop's own judged-set grading and measures, compiled in unchanged.
#[path = "../../../src/search/eval.rs"]
#[allow(dead_code)]
mod judge;
/// What `judge` reads of a product: the name, description, category and style.
mod domain {
    pub use crate::catalog::Product;
}

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

use tantivy::collector::TopDocs;
use tantivy::columnar::Column;
use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, QueryParser};
use tantivy::schema::{
    FAST, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::TokenStream;
use tantivy::{DocAddress, Index, IndexWriter, TantivyDocument, Term};

use catalog::{Product, load_products};
use judge::{JudgedQuery, NDCG_AT, QueryScore};

const JUDGED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../seeds/search/judged.yaml");
/// Field order everywhere: name, description, category, style (the shop's weights).
const FIELDS: [(&str, f32); 4] = [("name", 3.0), ("description", 1.0), ("category", 2.0), ("style", 2.0)];

fn schema() -> (Schema, [Field; 4], Field) {
    let mut b = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("en_stem")
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let f = FIELDS.map(|(n, _)| b.add_text_field(n, text.clone()));
    let pos = b.add_u64_field("pos", FAST);
    (b.build(), f, pos)
}

fn index_products(index: &Index, products: &[Product], heap: usize) -> f64 {
    let schema = index.schema();
    let f = FIELDS.map(|(n, _)| schema.get_field(n).unwrap());
    let pos = schema.get_field("pos").unwrap();
    let started = Instant::now();
    let mut w: IndexWriter = index.writer_with_num_threads(1, heap).unwrap();
    for (i, p) in products.iter().enumerate() {
        let mut d = TantivyDocument::default();
        d.add_text(f[0], &p.name);
        d.add_text(f[1], &p.description);
        d.add_text(f[2], &p.category);
        d.add_text(f[3], &p.style);
        d.add_u64(pos, i as u64);
        w.add_document(d).unwrap();
    }
    w.commit().unwrap();
    w.wait_merging_threads().unwrap();
    started.elapsed().as_secs_f64()
}

fn dir_size(p: &Path) -> u64 {
    std::fs::read_dir(p)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum()
}

struct Engine {
    index: Index,
    parser: QueryParser,
    fields: [Field; 4],
    fuzzy_weight: f32,
}

impl Engine {
    fn new(index: Index, fuzzy_weight: f32) -> Engine {
        let schema = index.schema();
        let fields = FIELDS.map(|(n, _)| schema.get_field(n).unwrap());
        let mut parser = QueryParser::for_index(&index, fields.to_vec());
        for (f, (_, boost)) in fields.iter().zip(FIELDS) {
            parser.set_field_boost(*f, boost);
        }
        Engine { index, parser, fields, fuzzy_weight }
    }

    /// Variant A: plain QueryParser (OR of terms, field boosts). Variant B: plus the last
    /// analysed term as a prefix fuzzy query (distance 1, transpositions cost 1) in every field,
    /// scored as a constant `field boost * fuzzy_weight` (tantivy's automaton queries are
    /// constant-score).
    fn query(&self, q: &str, fuzzy: bool) -> Box<dyn Query> {
        let (base, _errors) = self.parser.parse_query_lenient(q);
        if !fuzzy {
            return base;
        }
        let mut analyzer = self.index.tokenizers().get("en_stem").unwrap();
        let mut stream = analyzer.token_stream(q);
        let mut last = None;
        while stream.advance() {
            last = Some(stream.token().text.clone());
        }
        let Some(last) = last else { return base };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Should, base)];
        let only = std::env::var("TV_FUZZY_FIELDS").ok();
        for (f, (name, boost)) in self.fields.iter().zip(FIELDS) {
            if only.as_deref().is_some_and(|o| !o.split(',').any(|x| x == name)) {
                continue;
            }
            let fz = FuzzyTermQuery::new_prefix(Term::from_field_text(*f, &last), 1, true);
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(fz), boost * self.fuzzy_weight)),
            ));
        }
        Box::new(BooleanQuery::new(clauses))
    }
}

fn eval(index: Index, products: &[Product], args: &[String]) {
    let opt = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .map(|i| args[i + 1].clone())
    };
    let reps: usize = opt("--reps").map_or(20, |s| s.parse().unwrap());
    let fuzzy_weight: f32 = opt("--fuzzy-weight").map_or(0.5, |s| s.parse().unwrap());
    let verbose = args.iter().any(|a| a == "--verbose");

    let judged = judge::parse_judgments(&std::fs::read_to_string(JUDGED).unwrap()).unwrap();
    let t = Instant::now();
    let grades: Vec<Vec<u8>> = judged.iter().map(|q| q.grades(products)).collect();
    eprintln!("graded {} products in {:.1} s", products.len(), t.elapsed().as_secs_f64());

    let engine = Engine::new(index, fuzzy_weight);
    let reader = engine.index.reader().unwrap();
    let searcher = reader.searcher();
    let cols: Vec<Column<u64>> = searcher
        .segment_readers()
        .iter()
        .map(|s| s.fast_fields().u64("pos").unwrap())
        .collect();
    let to_pos = |a: &DocAddress| cols[a.segment_ord as usize].first(a.doc_id).unwrap() as usize;
    println!(
        "tantivy {}: {} products, {} segment(s)",
        tantivy::version_string(),
        products.len(),
        searcher.segment_readers().len()
    );

    for (label, fuzzy) in [("A: QueryParser (OR, boosts)", false), ("B: + last term fuzzy-prefix d=1", true)] {
        let run = |q: &JudgedQuery| -> Vec<usize> {
            let query = engine.query(&q.query, fuzzy);
            let top = searcher
                .search(&query, &TopDocs::with_limit(NDCG_AT).order_by_score())
                .unwrap();
            top.iter().map(|(_, a)| to_pos(a)).collect()
        };
        // Warm-up pass, which is also the ranked answer that gets scored.
        let answers: Vec<Vec<usize>> = judged.iter().map(run).collect();
        let mut micros = Vec::with_capacity(judged.len() * reps);
        for _ in 0..reps {
            for q in &judged {
                let t = Instant::now();
                let r = run(q);
                micros.push(t.elapsed().as_secs_f64() * 1e6);
                std::hint::black_box(r);
            }
        }
        micros.sort_unstable_by(f64::total_cmp);
        let quant = |q: f64| micros[((micros.len() - 1) as f64 * q).round() as usize];

        let scores: Vec<QueryScore> = judged
            .iter()
            .zip(&answers)
            .zip(&grades)
            .map(|((q, ranked), g)| judge::score(q, g, ranked, ranked.len()))
            .collect();
        let s = judge::summarize(&scores);
        println!();
        println!(
            "== {label}{} — latency over {} runs: {:.0} µs p50, {:.0} µs p99, {:.0} µs max",
            if fuzzy { format!(" (fuzzy weight {fuzzy_weight})") } else { String::new() },
            micros.len(),
            quant(0.5),
            quant(0.99),
            quant(1.0)
        );
        if verbose {
            for ((sc, ranked), g) in scores.iter().zip(&answers).zip(&grades) {
                let first: Vec<String> = ranked
                    .iter()
                    .take(5)
                    .map(|&i| format!("{}{}", products[i].name, ["", "¹", "²", "³"][g[i] as usize]))
                    .collect();
                println!(
                    "{:<24} {:<8} {:>5.2} {:>7.3}  {}",
                    sc.query, sc.kind, sc.precision_at_5, sc.ndcg_at_10, first.join("; ")
                );
            }
        }
        println!("{:<10} {:>7} {:>6} {:>8}", "kind", "queries", "P@5", "NDCG@10");
        for k in &s.by_kind {
            println!("{:<10} {:>7} {:>6.3} {:>8.3}", k.kind, k.queries, k.precision_at_5, k.ndcg_at_10);
        }
        println!("{:<10} {:>7} {:>6.3} {:>8.3}", "all", s.queries, s.precision_at_5, s.ndcg_at_10);
        if s.unjudged > 0 {
            println!("({} queries have no relevant product and are left out of the means)", s.unjudged);
        }
    }
}

/// YAML double-quoted scalar.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Deterministic generator: the seeds first, unchanged; then product k is seed k % len with
/// its name's first half of words taken from another seed product of the same style
/// (category, style, description, price... kept).
fn generate(seed_dir: &Path, out: &Path, n: usize) {
    let seeds = load_products(seed_dir);
    let mut by_style: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, p) in seeds.iter().enumerate() {
        by_style.entry(&p.style).or_default().push(i);
    }
    std::fs::create_dir_all(out).unwrap();
    std::fs::copy(seed_dir.join("categories.yaml"), out.join("categories.yaml")).unwrap();
    let mut w = std::io::BufWriter::new(std::fs::File::create(out.join("products.yaml")).unwrap());
    let mut rng: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    for k in 0..n {
        let base = &seeds[k % seeds.len()];
        let (id, name) = if k < seeds.len() {
            (base.id.clone(), base.name.clone())
        } else {
            let same = &by_style[base.style.as_str()];
            let donor = &seeds[same[(next() % same.len() as u64) as usize]];
            let b: Vec<&str> = base.name.split_whitespace().collect();
            let d: Vec<&str> = donor.name.split_whitespace().collect();
            let half = (b.len() / 2).min(d.len().saturating_sub(1));
            let mut words: Vec<&str> = d[..half].to_vec();
            words.extend_from_slice(&b[half..]);
            (format!("00000000-0000-4000-8000-{k:012x}"), words.join(" "))
        };
        writeln!(w, "- id: {id}").unwrap();
        writeln!(w, "  name: {}", q(&name)).unwrap();
        writeln!(w, "  category: {}", q(&base.category)).unwrap();
        writeln!(w, "  style: {}", q(&base.style)).unwrap();
        writeln!(w, "  description: {}", q(&base.description)).unwrap();
        writeln!(w, "  price: {}", base.price).unwrap();
        writeln!(w, "  image: {}", q(&base.image)).unwrap();
        if let Some(g) = &base.gender_affinity {
            writeln!(w, "  gender_affinity: {g}").unwrap();
        }
        writeln!(w, "  current_stock: {}", base.current_stock).unwrap();
        if let Some(f) = base.featured {
            // Only the seeds themselves stay featured.
            writeln!(w, "  featured: {}", f && k < seeds.len()).unwrap();
        }
        if let Some(p) = base.promoted {
            writeln!(w, "  promoted: {p}").unwrap();
        }
        writeln!(w, "  where_visible: {}", base.where_visible).unwrap();
    }
    w.flush().unwrap();
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("gen") => generate(Path::new(&args[2]), Path::new(&args[3]), args[4].parse().unwrap()),
        Some("build") => {
            let t = Instant::now();
            let products = load_products(Path::new(&args[2]));
            let load = t.elapsed().as_secs_f64();
            let dir = Path::new(&args[3]);
            if dir.exists() {
                std::fs::remove_dir_all(dir).unwrap();
            }
            std::fs::create_dir_all(dir).unwrap();
            let heap_mb: usize = args.get(4).map_or(200, |s| s.parse().unwrap());
            let index = Index::create_in_dir(dir, schema().0).unwrap();
            catalog::trim();
            let rss_loaded = catalog::rss_mb();
            let secs = index_products(&index, &products, heap_mb << 20);
            catalog::trim();
            println!("RSS after load + trim: {rss_loaded:.0} MB; after indexing + trim: {:.0} MB", catalog::rss_mb());
            let segs = index.searchable_segment_ids().unwrap().len();
            println!(
                "loaded {} products in {load:.1} s; indexed in {secs:.1} s (1 thread, {heap_mb} MB heap, incl. commit + merges); {segs} segment(s); {:.1} MB on disk",
                products.len(),
                dir_size(dir) as f64 / 1e6
            );
        }
        Some("merge") => {
            let index = Index::open_in_dir(&args[2]).unwrap();
            let ids = index.searchable_segment_ids().unwrap();
            let t = Instant::now();
            let mut w: IndexWriter = index.writer_with_num_threads(1, 50 << 20).unwrap();
            w.merge(&ids).wait().unwrap();
            w.garbage_collect_files().wait().unwrap();
            w.wait_merging_threads().unwrap();
            println!(
                "merged {} segments into 1 in {:.1} s; {:.1} MB on disk",
                ids.len(),
                t.elapsed().as_secs_f64(),
                dir_size(Path::new(&args[2])) as f64 / 1e6
            );
        }
        Some("eval") => {
            let products = load_products(Path::new(&args[2]));
            catalog::trim();
            let rss_loaded = catalog::rss_mb();
            let index = Index::open_in_dir(&args[3]).unwrap();
            eval(index, &products, &args[4..]);
            catalog::trim();
            println!("RSS after load + trim: {rss_loaded:.0} MB; after all queries + trim: {:.0} MB (index + grading ≈ {:.0} MB)", catalog::rss_mb(), catalog::rss_mb() - rss_loaded);
        }
        Some("run") => {
            let products = load_products(Path::new(&args[2]));
            let index = Index::create_in_ram(schema().0);
            let secs = index_products(&index, &products, 50 << 20);
            println!("indexed {} products in RAM in {:.0} ms", products.len(), secs * 1e3);
            eval(index, &products, &args[3..]);
        }
        _ => eprintln!("usage: see the top of src/main.rs"),
    }
}
