#![allow(clippy::unwrap_used)]

use super::*;

fn actor(grants: Vec<Grant>) -> Actor {
    Actor {
        org_id: Uuid::nil(),
        kind: ActorKind::User,
        user_id: Some(Uuid::from_u128(1)),
        staff_id: Some(Uuid::from_u128(2)),
        label: "user:x".into(),
        source: "127.0.0.1".into(),
        grants,
        is_contractor: false,
    }
}

fn scoped(role: Role, depts: &[u128]) -> Grant {
    Grant {
        role,
        scope: Some(depts.iter().map(|d| Uuid::from_u128(*d)).collect()),
    }
}

#[test]
fn section_manager_edits_only_own_subtree() {
    let a = actor(vec![scoped(Role::SectionManager, &[10, 11])]);
    assert!(a.can(Capability::EditStaff {
        department: Some(Uuid::from_u128(11))
    }));
    assert!(!a.can(Capability::EditStaff {
        department: Some(Uuid::from_u128(20))
    }));
    assert!(!a.can(Capability::EditStaff { department: None }));
    assert!(a.can(Capability::ViewRegister));
    assert!(!a.can(Capability::ManageRoles));
}

#[test]
fn plain_staff_sees_only_own_profile() {
    let a = actor(vec![]);
    assert!(a.can(Capability::ViewStaff {
        staff_id: Uuid::from_u128(2),
        department: None
    }));
    assert!(!a.can(Capability::ViewStaff {
        staff_id: Uuid::from_u128(3),
        department: None
    }));
    assert!(!a.can(Capability::ViewRegister));
    assert!(!a.can(Capability::ManageDepartments));
}

#[test]
fn only_the_designated_acceptor_accepts_risks() {
    let ciso = actor(vec![Grant {
        role: Role::Ciso,
        scope: None,
    }]);
    let deputy = actor(vec![Grant {
        role: Role::DeputyCiso,
        scope: None,
    }]);
    let ciso_accepts = Capability::AcceptRisk {
        acceptor: Role::Ciso,
    };
    assert!(ciso.can(ciso_accepts));
    assert!(!deputy.can(ciso_accepts));
    assert!(deputy.can(Capability::AcceptRisk {
        acceptor: Role::DeputyCiso
    }));
    assert!(!ciso.can(Capability::AcceptRisk {
        acceptor: Role::Committee
    }));
    let officer = actor(vec![scoped(Role::DeptOfficer, &[10])]);
    assert!(officer.can(Capability::EditRisk {
        department: Some(Uuid::from_u128(10))
    }));
    assert!(!officer.can(Capability::EditRisk {
        department: Some(Uuid::from_u128(11))
    }));
    assert!(!officer.can(Capability::ManageRiskMethod));
    assert!(actor(vec![scoped(Role::Committee, &[])]).can(Capability::ApproveSoa));
}

#[test]
fn ciso_can_everything_and_auditor_reads_audit() {
    let ciso = actor(vec![Grant {
        role: Role::Ciso,
        scope: None,
    }]);
    assert!(ciso.can(Capability::ManageRoles));
    let auditor = actor(vec![Grant {
        role: Role::Auditor,
        scope: None,
    }]);
    assert!(auditor.can(Capability::ViewAudit));
    assert!(!auditor.can(Capability::EditStaff { department: None }));
    let admin = actor(vec![Grant {
        role: Role::SystemAdmin,
        scope: None,
    }]);
    assert!(admin.can(Capability::ManageUsers));
    assert!(!admin.can(Capability::ViewAudit));
    assert!(!admin.can(Capability::ManageRoles));
}
