use super::*;

fn parse(text: &str) -> Result<Loaded, EvalError> {
    parse_interactions(text.as_bytes(), &LoadOptions::default())
}

fn rows(d: &Dataset) -> Vec<(&str, &str, i64, f32)> {
    d.interactions
        .iter()
        .map(|x| {
            (
                d.users[x.user as usize].as_str(),
                d.items[x.item as usize].as_str(),
                x.timestamp,
                x.weight,
            )
        })
        .collect()
}

#[test]
fn from_triples_interns_in_first_seen_order() {
    let d = Dataset::from_triples([
        ("u2".to_string(), "b".to_string(), 5, 1.0),
        ("u1".to_string(), "a".to_string(), 3, 2.0),
        ("u2".to_string(), "a".to_string(), 4, 1.0),
    ]);
    assert_eq!(d.users, ["u2", "u1"]);
    assert_eq!(d.items, ["b", "a"]);
    assert_eq!((d.n_users(), d.n_items()), (2, 2));
    assert_eq!(
        d.interactions[2],
        IndexedInteraction {
            user: 0,
            item: 1,
            timestamp: 4,
            weight: 1.0
        }
    );
}

#[test]
fn recbole_tsv_header_maps_columns_by_name() {
    let text = "user_id:token\titem_id:token\trating:float\ttimestamp:float\n\
                196\t242\t3\t881250949\n\
                186\t302\t3\t891717742\r\n\
                196\t377\t1\t878887116.0\n";
    let loaded = parse(text).unwrap();
    assert!(loaded.had_header);
    assert_eq!(
        rows(&loaded.dataset),
        [
            ("196", "242", 881250949, 3.0),
            ("186", "302", 891717742, 3.0),
            ("196", "377", 878887116, 1.0)
        ]
    );
    assert_eq!(loaded.dataset.n_users(), 2);
}

#[test]
fn csv_without_header_is_user_item_timestamp() {
    let d = parse("u1,i1,100\nu2,i1,200\n\nu1,i2,300\n").unwrap();
    assert!(!d.had_header);
    assert_eq!(
        rows(&d.dataset),
        [
            ("u1", "i1", 100, 1.0),
            ("u2", "i1", 200, 1.0),
            ("u1", "i2", 300, 1.0)
        ]
    );
}

#[test]
fn headerless_fourth_column_is_rating_or_event() {
    let d = parse("u1,i1,100,4.5\nu1,i2,101,2\n").unwrap().dataset;
    assert_eq!(d.interactions[0].weight, 4.5);
    assert_eq!(d.interactions[1].weight, 2.0);
    let d = parse("u1,i1,100,purchase\nu1,i2,101,view\nu1,i3,102,add-to-cart\n")
        .unwrap()
        .dataset;
    let w: Vec<f32> = d.interactions.iter().map(|x| x.weight).collect();
    assert_eq!(w, [4.0, 1.0, 2.0]);
}

#[test]
fn event_type_header_column_in_any_position() {
    let text = "EVENT_TYPE,TIMESTAMP,ITEM_ID,USER_ID\n\
                OrderCompleted,10,sku-1,alice\n\
                ProductAdded,11,sku-2,alice\n\
                ProductViewed,12,sku-3,bob\n\
                SomethingNew,13,sku-3,bob\n";
    let d = parse(text).unwrap().dataset;
    assert_eq!(
        rows(&d),
        [
            ("alice", "sku-1", 10, 4.0),
            ("alice", "sku-2", 11, 2.0),
            ("bob", "sku-3", 12, 1.0),
            ("bob", "sku-3", 13, 1.0)
        ]
    );
}

#[test]
fn event_weights() {
    for (name, w) in [
        ("purchase", 4.0),
        ("Order Completed", 4.0),
        ("order_completed", 4.0),
        ("add-to-cart", 2.0),
        ("AddToCart", 2.0),
        ("ProductAdded", 2.0),
        ("view", 1.0),
        ("click", 1.0),
        ("", 1.0),
    ] {
        assert_eq!(event_weight(name), w, "{name}");
    }
}

#[test]
fn semicolon_delimited_with_quotes_and_iso_timestamps() {
    let text = "user;item;time;rating\n\
                \"a;1\";x;2024-01-02T03:04:05Z;5\n\
                b;\"say \"\"hi\"\"\";1970-01-02;1\n\
                b;x;2024-01-02 05:04:05+02:00;3\n";
    let d = parse(text).unwrap().dataset;
    assert_eq!(
        rows(&d),
        [
            ("a;1", "x", 1_704_164_645, 5.0),
            ("b", "say \"hi\"", 86_400, 1.0),
            ("b", "x", 1_704_164_645, 3.0)
        ]
    );
}

#[test]
fn bad_line_reports_its_line_number() {
    let text = "user_id,item_id,timestamp\nu1,i1,10\nu1,i2,10\nu2,i1,yesterday\nu3,i3,11\n";
    match parse(text) {
        Err(EvalError::Parse { line, message }) => {
            assert_eq!(line, 4);
            assert!(message.contains("yesterday"), "{message}");
        }
        other => panic!("expected a parse error, got {other:?}"),
    }
    let err = parse("u1,i1,10\n\nu2\n").unwrap_err();
    assert_eq!(err.to_string().split(':').next(), Some("line 3"));
    // A first line that is neither data nor a recognisable header is line 1's error.
    assert!(matches!(
        parse("a,b,c\nu1,i1,10\n"),
        Err(EvalError::Parse { line: 1, .. })
    ));
    // A bad rating in a numeric column.
    assert!(matches!(
        parse("u,i,1,5\nu,j,2,five\n"),
        Err(EvalError::Parse { line: 2, .. })
    ));
}

#[test]
fn skip_bad_counts_skipped_lines() {
    let text = "u1,i1,10\nu2,i2,oops\nu3\nu4,i4,12\n";
    let loaded = parse_interactions(text.as_bytes(), &LoadOptions { skip_bad: true }).unwrap();
    assert_eq!(loaded.skipped, 2);
    assert_eq!(loaded.dataset.interactions.len(), 2);
    assert_eq!(loaded.dataset.users, ["u1", "u4"]);
}

#[test]
fn header_without_timestamp_is_an_error() {
    assert!(matches!(
        parse("user,item,rating\nu,i,5\n"),
        Err(EvalError::Parse { line: 1, .. })
    ));
}

#[test]
fn load_from_file_and_missing_file() {
    let dir = std::env::temp_dir().join(format!("eval-data-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("x.tsv");
    std::fs::write(&path, "\u{feff}user\titem\ttimestamp\nu\ti\t1\n").unwrap();
    let d = load_interactions(&path).unwrap();
    assert_eq!(rows(&d), [("u", "i", 1, 1.0)]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(matches!(
        load_interactions(&dir.join("none.tsv")),
        Err(EvalError::Io { .. })
    ));
}
