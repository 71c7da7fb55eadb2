use super::*;

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn entry(n: u128, number: &str, name: &str) -> Entry {
    Entry {
        id: id(n),
        number: number.into(),
        name: name.into(),
        search_key: crate::text::search_key(&format!("{number}{name}")).into(),
        kind: AssetKind::DataElectronic,
        status: AssetStatus::InUse,
        network_layer: NetworkLayer::Lgwan,
        personal_data: PersonalDataKind::None,
        restricted: false,
        department_id: Some(id(100)),
        owner_staff_id: None,
        scheme_id: id(900),
        ranks: [1, 1, 1],
        importance: 1,
        required: [1, 1, 1],
        review_on: None,
        updated_us: 0,
    }
}

fn register(entries: Vec<Entry>) -> Register {
    let mut r = Register::default();
    r.apply(entries, 1);
    r
}

fn no_rank(_: Option<Uuid>) -> u32 {
    0
}

fn numbers(r: &Register, f: &AssetFilter) -> Vec<String> {
    r.query(f, &no_rank, 0, 100)
        .ids
        .iter()
        .map(|i| r.get(*i).unwrap().number.to_string())
        .collect()
}

#[test]
fn entries_are_kept_in_number_order_whatever_the_arrival() {
    let r = register(vec![
        entry(3, "A-000003", "c"),
        entry(1, "A-000001", "a"),
        entry(2, "A-000002", "b"),
    ]);
    assert_eq!(
        numbers(&r, &AssetFilter::default()),
        ["A-000001", "A-000002", "A-000003"]
    );
}

#[test]
fn filters_combine_and_count_every_match_beyond_the_page() {
    let mut entries: Vec<Entry> = (1..=30)
        .map(|n| entry(n, &format!("A-{n:06}"), "台帳"))
        .collect();
    for e in entries.iter_mut().filter(|e| e.id.as_u128() % 3 == 0) {
        e.kind = AssetKind::Hardware;
        e.ranks[0] = 3;
    }
    entries[0].name = "災害対策本部名簿".into();
    entries[0].search_key = crate::text::search_key("A-000001災害対策本部名簿").into();
    let r = register(entries);
    let f = AssetFilter {
        kind: Some("hardware".into()),
        c_rank: Some(3),
        ..Default::default()
    };
    let page = r.query(&f, &no_rank, 2, 3);
    assert_eq!(page.total, 10);
    let got: Vec<&str> = page
        .ids
        .iter()
        .map(|i| &*r.get(*i).unwrap().number)
        .collect();
    assert_eq!(got, ["A-000009", "A-000012", "A-000015"]);
    let q = AssetFilter {
        search_key: Some(crate::text::search_key("災害")),
        ..Default::default()
    };
    assert_eq!(numbers(&r, &q), ["A-000001"]);
}

#[test]
fn text_keys_survive_later_revisions_of_other_assets() {
    let named = |n, number: &str, name: &str| Entry {
        search_key: crate::text::search_key(name).into(),
        ..entry(n, number, name)
    };
    let mut r = register(vec![
        named(2, "A-000002", "防災計画"),
        named(1, "A-000001", "住民台帳"),
    ]);
    let q = |text: &str| AssetFilter {
        search_key: Some(crate::text::search_key(text)),
        ..Default::default()
    };
    // A later revision: one renamed, one new that sorts first; the others' keys are
    // copied from the buffer, not lost with their entries' own copies.
    r.apply(
        vec![
            named(2, "A-000002", "避難計画"),
            named(0, "A-000000", "防災無線"),
        ],
        2,
    );
    assert_eq!(numbers(&r, &q("住民")), ["A-000001"]);
    assert_eq!(
        numbers(&r, &q("防災")),
        ["A-000000"],
        "the old name no longer matches"
    );
    assert_eq!(numbers(&r, &q("計画")), ["A-000002"]);
    r.apply(vec![named(3, "A-000003", "防災倉庫")], 3);
    assert_eq!(numbers(&r, &q("防災")), ["A-000000", "A-000003"]);
    assert_eq!(numbers(&r, &q("住民台帳")), ["A-000001"]);
}

#[test]
fn text_matches_within_one_asset_never_across_two() {
    // Keys of the names alone, so that the first two sit side by side.
    let named = |n, number: &str, name: &str| Entry {
        search_key: crate::text::search_key(name).into(),
        ..entry(n, number, name)
    };
    let r = register(vec![
        named(1, "A-000001", "防災"),
        named(2, "A-000002", "計画"),
        named(3, "A-000003", "防災計画"),
    ]);
    let q = |text: &str| AssetFilter {
        search_key: Some(crate::text::search_key(text)),
        ..Default::default()
    };
    // "災" ends the first key and "計" starts the second: only A-000003 has both.
    assert_eq!(numbers(&r, &q("災計")), ["A-000003"]);
    assert_eq!(numbers(&r, &q("計画")), ["A-000002", "A-000003"]);
    assert_eq!(numbers(&r, &q("防災")), ["A-000001", "A-000003"]);
    assert!(numbers(&r, &q("\0")).is_empty());
}

#[test]
fn an_unknown_code_matches_nothing_rather_than_everything() {
    let r = register(vec![entry(1, "A-000001", "a")]);
    let f = AssetFilter {
        kind: Some("spaceship".into()),
        ..Default::default()
    };
    assert_eq!(r.query(&f, &no_rank, 0, 50).total, 0);
    let blank = AssetFilter {
        kind: Some(String::new()),
        ..Default::default()
    };
    assert_eq!(r.query(&blank, &no_rank, 0, 50).total, 1);
}

#[test]
fn restricted_assets_show_only_to_their_department_or_owner() {
    let mut own = entry(1, "A-000001", "自課の要配慮");
    own.restricted = true;
    let mut other = entry(2, "A-000002", "他課の要配慮");
    other.restricted = true;
    other.department_id = Some(id(200));
    let mut owned = entry(3, "A-000003", "担当の要配慮");
    owned.restricted = true;
    owned.department_id = Some(id(200));
    owned.owner_staff_id = Some(id(7));
    let open = entry(4, "A-000004", "一般");
    let r = register(vec![own, other, owned, open]);
    let f = AssetFilter {
        visibility: Visibility::NeedToKnow {
            departments: vec![id(100)],
            staff_id: Some(id(7)),
        },
        ..Default::default()
    };
    assert_eq!(numbers(&r, &f), ["A-000001", "A-000003", "A-000004"]);
    assert_eq!(numbers(&r, &AssetFilter::default()).len(), 4);
}

#[test]
fn sorts_break_ties_by_number_in_both_directions() {
    let mut a = entry(1, "A-000001", "b");
    a.importance = 2;
    let mut b = entry(2, "A-000002", "a");
    b.importance = 2;
    let c = entry(3, "A-000003", "c");
    let r = register(vec![a, b, c]);
    let by = |sort, descending| {
        numbers(
            &r,
            &AssetFilter {
                sort,
                descending,
                ..Default::default()
            },
        )
    };
    assert_eq!(
        by(AssetSort::Importance, false),
        ["A-000003", "A-000001", "A-000002"]
    );
    assert_eq!(
        by(AssetSort::Importance, true),
        ["A-000002", "A-000001", "A-000003"]
    );
    assert_eq!(
        by(AssetSort::Name, false),
        ["A-000002", "A-000001", "A-000003"]
    );
    assert_eq!(
        by(AssetSort::Number, true),
        ["A-000003", "A-000002", "A-000001"]
    );
}

#[test]
fn department_order_follows_the_given_ranking() {
    let mut a = entry(1, "A-000001", "a");
    a.department_id = Some(id(200));
    let b = entry(2, "A-000002", "b");
    let r = register(vec![a, b]);
    let rank = |d: Option<Uuid>| if d == Some(id(100)) { 0 } else { 1 };
    let f = AssetFilter {
        sort: AssetSort::Department,
        ..Default::default()
    };
    let page = r.query(&f, &rank, 0, 10);
    assert_eq!(page.ids, [id(2), id(1)]);
}

#[test]
fn applying_changes_replaces_renumbers_and_reorders() {
    let mut r = register(vec![entry(1, "A-000001", "a"), entry(2, "A-000002", "b")]);
    let mut moved = entry(1, "A-000009", "a");
    moved.status = AssetStatus::Retired;
    r.apply(vec![moved, entry(3, "A-000005", "c")], 7);
    assert_eq!(r.rev(), 7);
    assert_eq!(r.len(), 3);
    assert_eq!(
        numbers(&r, &AssetFilter::default()),
        ["A-000002", "A-000005", "A-000009"]
    );
    let in_use = AssetFilter {
        status: Some("in_use".into()),
        ..Default::default()
    };
    assert_eq!(numbers(&r, &in_use), ["A-000002", "A-000005"]);
    // A sort cached before the change is rebuilt after it.
    let by_name = AssetFilter {
        sort: AssetSort::Name,
        ..Default::default()
    };
    assert_eq!(numbers(&r, &by_name), ["A-000009", "A-000002", "A-000005"]);
    r.apply(vec![entry(2, "A-000002", "z")], 8);
    assert_eq!(numbers(&r, &by_name), ["A-000009", "A-000005", "A-000002"]);
}

#[test]
fn overdue_and_under_protected_follow_their_rules() {
    let today = NaiveDate::from_ymd_opt(2026, 4, 1).unwrap();
    let mut late = entry(1, "A-000001", "a");
    late.review_on = NaiveDate::from_ymd_opt(2026, 3, 31);
    let mut late_retired = late.clone();
    late_retired.id = id(2);
    late_retired.number = "A-000002".into();
    late_retired.status = AssetStatus::Retired;
    let mut weak = entry(3, "A-000003", "c");
    weak.required = [1, 2, 1];
    let r = register(vec![late, late_retired, weak]);
    let overdue = AssetFilter {
        review_before: Some(today),
        ..Default::default()
    };
    assert_eq!(numbers(&r, &overdue), ["A-000001"]);
    let under = AssetFilter {
        under_protected: true,
        ..Default::default()
    };
    assert_eq!(numbers(&r, &under), ["A-000003"]);
    let by_kind = r.count_by(&AssetFilter::default(), |e| e.kind);
    assert_eq!(by_kind.get(&AssetKind::DataElectronic), Some(&3));
}

#[test]
fn a_restricted_asset_is_named_only_within_need_to_know() {
    let (dept, other, me) = (id(10), id(11), id(12));
    let need = Visibility::NeedToKnow {
        departments: vec![dept],
        staff_id: Some(me),
    };
    assert!(need.shows(false, Some(other), None), "unrestricted: anyone");
    assert!(
        need.shows(true, Some(dept), None),
        "of a department covered"
    );
    assert!(
        need.shows(true, Some(other), Some(me)),
        "owned by the reader"
    );
    assert!(!need.shows(true, Some(other), None));
    assert!(!need.shows(true, None, None));
    let no_staff = Visibility::NeedToKnow {
        departments: vec![],
        staff_id: None,
    };
    assert!(
        !no_staff.shows(true, None, None),
        "no owner does not match no staff"
    );
    assert!(Visibility::All.shows(true, None, None));
}
