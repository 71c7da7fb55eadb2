//! The authorization matrix: every route the server serves × every kind of user.
//!
//! The route list comes from the router's own tables (`mamori_web::all_routes`), and
//! each route must have a rule below: a route added without one fails this test. The
//! expected outcomes are written from the policy (who may do what), not from the
//! application's own authorization code, so the two check each other.

mod compliance_rules;
mod fixtures;
mod media_rules;
mod need;
mod physical_rules;
mod requests;
mod review_rules;
mod rules;

use std::collections::HashMap;

use crate::support::{Db, client, input_value, sign_in};

use fixtures::ids;
use requests::request;
use rules::{LOGINS, Need, allowed, rule};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_by_every_role() {
    let db = Db::sqlite();
    db.demo();
    for (login, role) in [("operator", "system-operator"), ("csirt", "csirt")] {
        let (ok, out, err) = db.run(&[
            "admin",
            "create-user",
            "--login",
            login,
            "--name",
            "行列 利用者",
            "--employee-number",
            &format!("Z{login}").to_uppercase(),
            "--role",
            role,
        ]);
        assert!(ok, "{out}{err}");
    }
    // A data asset of 環境保全課 for the asset routes, whatever else the demo holds.
    let ledger = db.dir.path().join("env-assets.csv");
    std::fs::write(
        &ledger,
        "管理番号,情報資産名称,所管課,個人情報の種類,機密性,完全性,可用性\nENV-0001,環境測定データ,610,,2,1,1\n",
    )
    .unwrap();
    let (ok, out, err) = db.run(&["import", "assets", ledger.to_str().unwrap()]);
    assert!(ok, "{out}{err}");
    let s = db.serve();
    let ids = ids(&s).await;

    let routes = mamori_web::all_routes();
    let missing: Vec<String> = routes
        .iter()
        .filter(|(m, p)| rule(m, p).is_none())
        .map(|(m, p)| format!("{} {p}", m.to_uppercase()))
        .collect();
    assert!(
        missing.is_empty(),
        "routes without an authorization rule: {missing:?}"
    );

    let mut failures = Vec::new();
    let mut checked = 0;
    // Anonymous visitors: everything but the public routes sends them to sign in.
    let anon = client();
    for (method, path) in &routes {
        let need = rule(method, path).unwrap();
        let status = request(&anon, &s, method, path, &ids, "anonymous", "").await;
        checked += 1;
        let ok = match need {
            Need::Public => status < 500 && status != 403,
            _ if path.starts_with("/api/") => status == 401,
            _ => status == 303,
        };
        if !ok {
            failures.push(format!(
                "anonymous {} {path}: {status} ({need:?})",
                method.to_uppercase()
            ));
        }
    }

    let mut seen: HashMap<&str, usize> = HashMap::new();
    for login in LOGINS {
        let c = client();
        let csrf = sign_in(&c, &s, login).await;
        for (method, path) in &routes {
            let need = rule(method, path).unwrap();
            if matches!(need, Need::Public | Need::EndsSession) {
                continue;
            }
            let status = request(&c, &s, method, path, &ids, login, &csrf).await;
            checked += 1;
            *seen.entry(login).or_default() += 1;
            let expect_allowed = allowed(login, need);
            // A restricted record is not there for those without the right.
            let refused = if need == Need::Violations { 404 } else { 403 };
            let ok = status < 500
                && if expect_allowed {
                    status != 403 && status != 401 && (refused == 403 || status != 404)
                } else {
                    status == refused
                };
            if !ok {
                failures.push(format!(
                    "{login} {} {path}: {status}, expected {} ({need:?})",
                    method.to_uppercase(),
                    if expect_allowed {
                        "allowed"
                    } else if need == Need::Violations {
                        "404"
                    } else {
                        "403"
                    }
                ));
            }
        }
        let page = c
            .get(s.url("/account"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            input_value(&page, "_csrf").is_some(),
            "{login} stayed signed in through the matrix"
        );
        // Routes that end the session, each with a session of its own ("everywhere"
        // also ends the one above, which is why this comes last).
        for (method, path) in routes
            .iter()
            .filter(|(m, p)| rule(m, p) == Some(Need::EndsSession))
        {
            let c = client();
            let csrf = sign_in(&c, &s, login).await;
            let status = request(&c, &s, method, path, &ids, login, &csrf).await;
            checked += 1;
            if status != 303 {
                failures.push(format!(
                    "{login} {} {path}: {status}, expected 303",
                    method.to_uppercase()
                ));
            }
            let after = c
                .get(s.url("/account"))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16();
            if after != 303 {
                failures.push(format!("{login}: still signed in after {path}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} checks failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        checked > 400,
        "the matrix covered {checked} route × user checks"
    );
}
