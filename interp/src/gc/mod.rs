//! The cycle collector.
//!
//! # Why
//!
//! Reference counting frees an object the moment its last reference goes.
//! Objects that refer to each other — a list that contains itself, a parent
//! and a child pointing at each other, a nested function that calls itself
//! through its closure, an instance holding one of its own bound methods —
//! keep each other's counts above zero after the program drops its last
//! reference to them: without a collector they are never freed.
//!
//! # What is tracked
//!
//! The objects that can hold references to others and so be part of a
//! cycle (`traverse::is_container`): lists, dicts, sets, instances,
//! functions, cells, classes, bound methods, generators, properties, static
//! and class methods; tuples and frozensets only when they hold one of
//! those. Strings, numbers and bytes never are. A tracked object is
//! registered when it is made, by a weak reference in its thread's *young*
//! list (no lock: a thread-local `Vec`). Collections move survivors to the
//! interpreter's generation 1, then 2 (shared lists behind a mutex).
//!
//! # The algorithm: trial deletion (as CPython's `gcmodule.c`)
//!
//! For the objects of the generations being collected:
//! 1. `gc_refs` = the object's reference count (less the collector's own).
//! 2. For every reference from one of these objects to another, decrement
//!    the target's `gc_refs` ([`traverse::visit`]). What remains counts the
//!    references from outside the set: the VM's stacks and locals, Rust
//!    code, untracked objects, older generations, other threads' young
//!    lists.
//! 3. Objects with `gc_refs > 0` are reachable, and so is everything they
//!    reach.
//! 4. The rest is garbage. Emptying its mutable objects (a list's items, a
//!    dict's entries, an instance's attributes, a cell: [`traverse::clear`])
//!    breaks every cycle, and reference counting frees the rest. Suspended
//!    generators among the garbage are closed, as CPython's collector does
//!    (their `finally` blocks run at the next poll point).
//!
//! Survivors move to the next generation.
//!
//! # Why it is safe
//!
//! `visit` reports only references that hold a count, so step 2 can only
//! leave outside references counted, never remove one: a reference it
//! cannot see (inside a native payload, or in an object whose cell other
//! code is borrowing — such an object counts as reachable) only makes its
//! target look reachable. So nothing reachable from outside is cleared. No
//! script code runs during a collection (conc has no `__del__`; generators
//! are closed afterwards), so the graph cannot change under it: under the
//! GIL the collecting thread holds it; without the GIL it first stops every
//! other thread at a poll point (`Gil::stop_the_world`), and gives up if
//! they do not all stop in time.
//!
//! # When
//!
//! Each thread counts what it registers. Past `threshold0` (700, as in
//! CPython) it sets [`GC_PENDING`] in the eval breaker, and at its next poll
//! point the thread collects generation 0 — its own young list. Every
//! `threshold1` (10) generation-0 collections, generation 1 as well; every
//! `threshold2` (10) of those a full collection, but only when the objects
//! that reached generation 2 since the last full collection are more than
//! a quarter of those that survived it — CPython's rule, which keeps the
//! total cost of full collections linear in the number of allocations.
//!
//! Under `--no-gil` with several threads running, stopping them all costs
//! more, so automatic collections wait for ten times as many new objects.
//! Other threads' young lists are never looked at by a collection (their
//! references count as outside ones); a thread's young objects join
//! generation 1 when it ends.
//!
//! # The registry's weak references
//!
//! A weak reference keeps an object's allocation (not its contents) until
//! it is dropped, so a dead object leaves a small shell in the list that
//! registered it until the next collection of that list, or the next
//! pruning: threads count the deaths of objects with weak references
//! (`sync::take_weakly_held_deaths`), and when they reach a quarter of the
//! older lists' length those lists are pruned.

pub(crate) mod traverse;

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use parking_lot::Mutex;

use crate::gil::Gil;
use crate::object::Object;
use crate::sync::{Ref, WeakRef};
use crate::value::ObjRef;
use crate::vm::Vm;

/// The eval-breaker bit a thread sets when its young list is due.
pub const GC_PENDING: u32 = 1 << 4;

/// CPython's default thresholds.
pub const DEFAULT_THRESHOLDS: [usize; 3] = [700, 10, 10];

/// With automatic collection off, young lists are still pruned of dead
/// entries past this length.
const PRUNE_YOUNG_AT: usize = 10_000;

/// Old lists are pruned once this many weakly held objects died (at
/// least; a quarter of their length when that is more).
const PRUNE_OLD_AT: usize = 10_000;

/// One interpreter's collector state.
pub struct Heap {
    enabled: AtomicBool,
    thresholds: [AtomicUsize; 3],
    old: Mutex<OldGenerations>,
}

#[derive(Default)]
struct OldGenerations {
    /// Generations 1 and 2.
    lists: [Vec<WeakRef<Object>>; 2],
    /// Generation-0 collections since the last of generation 1, and
    /// generation-1 collections since the last full one.
    counts: [usize; 2],
    /// Survivors of the last full collection.
    long_lived_total: usize,
    /// Objects that reached generation 2 since.
    long_lived_pending: usize,
    /// Deaths of weakly held objects counted since the last pruning.
    deaths: usize,
    stats: [GenStats; 3],
}

/// Per-generation totals, as `gc.get_stats()` reports them.
#[derive(Clone, Copy, Default, Debug)]
pub struct GenStats {
    pub collections: usize,
    pub collected: usize,
}

impl Default for Heap {
    fn default() -> Heap {
        Heap {
            enabled: AtomicBool::new(true),
            thresholds: DEFAULT_THRESHOLDS.map(AtomicUsize::new),
            old: Mutex::new(OldGenerations::default()),
        }
    }
}

impl Heap {
    /// `gc.isenabled()`.
    pub fn is_enabled(&self) -> bool {
        self.enabled.load(Ordering::Relaxed)
    }

    /// `gc.enable()` / `gc.disable()`: automatic collection on or off
    /// (`collect` still works).
    pub fn set_enabled(&self, on: bool) {
        self.enabled.store(on, Ordering::Relaxed);
    }

    /// `gc.get_threshold()`.
    pub fn thresholds(&self) -> [usize; 3] {
        [0, 1, 2].map(|i| self.thresholds[i].load(Ordering::Relaxed))
    }

    /// `gc.set_threshold(t0, t1, t2)`: `t0 == 0` turns automatic collection
    /// off, as in CPython.
    pub fn set_thresholds(&self, t: [usize; 3]) {
        for (slot, v) in self.thresholds.iter().zip(t) {
            slot.store(v, Ordering::Relaxed);
        }
    }

    /// `gc.get_stats()`.
    pub fn stats(&self) -> [GenStats; 3] {
        self.old.lock().stats
    }
}

/// A thread's registration context: the young list and where it belongs.
struct Young {
    heap: Arc<Heap>,
    gil: Arc<Gil>,
    objects: Vec<WeakRef<Object>>,
}

thread_local! {
    static YOUNG: RefCell<Option<Young>> = const { RefCell::new(None) };
}

/// Makes the calling thread register the objects it creates with `heap`.
/// Returns false (and changes nothing) if the thread already registers
/// with an interpreter: objects made meanwhile for a second interpreter on
/// the same thread are simply not tracked.
pub(crate) fn attach_thread(heap: &Arc<Heap>, gil: &Arc<Gil>) -> bool {
    YOUNG
        .try_with(|y| {
            let mut y = y.borrow_mut();
            if y.is_some() {
                return false;
            }
            *y = Some(Young {
                heap: heap.clone(),
                gil: gil.clone(),
                objects: Vec::new(),
            });
            true
        })
        .unwrap_or(false)
}

/// Ends the calling thread's registration (the thread must hold the GIL):
/// its young objects join generation 1, where other threads' collections
/// see them. The thread module calls it when a thread's target returns,
/// before joiners are told the thread ended; a `Vm` that drops does it too.
pub fn detach_thread() {
    let young = YOUNG.try_with(|y| y.borrow_mut().take()).ok().flatten();
    if let Some(young) = young {
        young.heap.old.lock().lists[0].extend(young.objects);
    }
}

/// A thread's registration set aside (see [`set_aside`]).
pub(crate) struct SetAside(Option<Young>);

/// Takes the calling thread's registration out, for a host thread that
/// attaches to another interpreter for a scope while it still runs code
/// of this one (a host function calling another interpreter): the objects
/// it makes meanwhile belong to the other's heap, not this one's.
pub(crate) fn set_aside() -> SetAside {
    SetAside(YOUNG.try_with(|y| y.borrow_mut().take()).ok().flatten())
}

/// Puts back what [`set_aside`] took, once the scope's own registration
/// has ended ([`detach_thread`]).
pub(crate) fn put_back(saved: SetAside) {
    let Some(young) = saved.0 else {
        return;
    };
    detach_thread();
    let mut young = Some(young);
    let _ = YOUNG.try_with(|y| *y.borrow_mut() = young.take());
    if let Some(young) = young {
        // The thread is exiting: its objects join their heap now.
        young.heap.old.lock().lists[0].extend(young.objects);
    }
}

/// A new heap object, registered with the collector if it is a container.
#[inline]
pub fn new_ref(obj: Object) -> ObjRef {
    let tracked = traverse::is_container(&obj);
    let r = Ref::new(obj);
    if tracked {
        track(&r);
    }
    r
}

#[inline(never)]
fn track(r: &ObjRef) {
    let _ = YOUNG.try_with(|y| {
        let Ok(mut y) = y.try_borrow_mut() else {
            return;
        };
        let Some(y) = y.as_mut() else {
            return;
        };
        y.objects.push(Ref::downgrade(r));
        let t0 = y.heap.thresholds[0].load(Ordering::Relaxed);
        let due = if t0 == 0 || !y.heap.is_enabled() {
            PRUNE_YOUNG_AT
        } else {
            t0
        };
        if y.objects.len() >= due {
            y.gil.eval_breaker().set(GC_PENDING);
        }
    });
}

/// The young list of the calling thread, if it registers with `heap`.
fn take_young(heap: &Arc<Heap>) -> Vec<WeakRef<Object>> {
    YOUNG
        .try_with(|y| match y.borrow_mut().as_mut() {
            Some(y) if Arc::ptr_eq(&y.heap, heap) => std::mem::take(&mut y.objects),
            _ => Vec::new(),
        })
        .unwrap_or_default()
}

fn young_len(heap: &Arc<Heap>) -> usize {
    YOUNG
        .try_with(|y| match y.borrow().as_ref() {
            Some(y) if Arc::ptr_eq(&y.heap, heap) => y.objects.len(),
            _ => 0,
        })
        .unwrap_or(0)
}

/// `gc.get_count()`: the calling thread's young objects, then generation-0
/// and generation-1 collections since the next older one.
pub fn counts(vm: &Vm) -> [usize; 3] {
    let heap = &vm.state.gc;
    let old = heap.old.lock();
    [young_len(heap), old.counts[0], old.counts[1]]
}

/// How long an automatic collection waits for the other threads to stop
/// under `--no-gil` before it gives up (they run on; it prunes only).
const AUTO_STOP_TIMEOUT: Duration = Duration::from_millis(20);
/// The same for `gc.collect()`.
const EXPLICIT_STOP_TIMEOUT: Duration = Duration::from_secs(2);
/// Under `--no-gil` with several threads, an automatic collection stops
/// them all: it waits for this many times `threshold0` new objects.
const PARALLEL_THRESHOLD_FACTOR: usize = 10;

/// True when other threads may run at the same time as this one: without
/// the GIL, with another thread registered.
fn others_run(vm: &Vm) -> bool {
    !vm.gil.enabled() && vm.gil.live_threads() > 1
}

/// Serves [`GC_PENDING`] at a poll point: collects the generations that
/// are due, or only prunes dead entries when collection is off or not
/// possible now.
pub(crate) fn collect_due(vm: &mut Vm) {
    let heap = vm.state.gc.clone();
    let [t0, t1, t2] = heap.thresholds();
    let young = young_len(&heap);
    if !heap.is_enabled() || t0 == 0 {
        if young >= PRUNE_YOUNG_AT {
            prune_young(&heap);
        }
        return;
    }
    let parallel = others_run(vm);
    if young
        < t0 * if parallel {
            PARALLEL_THRESHOLD_FACTOR
        } else {
            1
        }
    {
        return;
    }
    let generation = {
        let old = heap.old.lock();
        if old.counts[1] + 1 >= t2 && old.long_lived_pending > old.long_lived_total / 4 {
            2
        } else if old.counts[0] + 1 >= t1 {
            1
        } else {
            0
        }
    };
    collect_within(vm, generation, AUTO_STOP_TIMEOUT);
}

/// Drops the dead entries of this thread's young list; the live ones move
/// to generation 1 (so the list stays short while collection is off).
fn prune_young(heap: &Arc<Heap>) {
    let mut young = take_young(heap);
    let before = young.len();
    young.retain(WeakRef::is_alive);
    let mut old = heap.old.lock();
    count_old_deaths(&mut old, before - young.len());
    old.lists[0].extend(young);
}

/// Counts the deaths of objects in the older lists since the last call —
/// the deaths of weakly held objects on this thread, less those of its
/// young list (`young_dead`, just found) — and prunes the older lists once
/// their dead entries may be a quarter of them.
fn count_old_deaths(old: &mut OldGenerations, young_dead: usize) {
    old.deaths += crate::sync::take_weakly_held_deaths().saturating_sub(young_dead);
    let old_len = old.lists[0].len() + old.lists[1].len();
    if old.deaths >= PRUNE_OLD_AT.max(old_len / 4) {
        old.deaths = 0;
        for list in &mut old.lists {
            list.retain(WeakRef::is_alive);
        }
    }
}

/// Hashes an object's address (already unique: no mixing needed beyond
/// dropping the alignment bits).
#[derive(Default)]
struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("only addresses are hashed")
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = (n as u64 >> 4).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type AddressMap = HashMap<usize, u32, BuildHasherDefault<AddressHasher>>;

fn address(r: &ObjRef) -> usize {
    Ref::as_ptr(r) as usize
}

/// Collects `generation` and the younger ones (generation 0 is the calling
/// thread's young list). Returns the number of unreachable objects found.
/// Without the GIL it first stops the other threads; if they do not stop
/// within two seconds (one is inside a long native call), it only prunes
/// and returns 0.
pub fn collect(vm: &mut Vm, generation: usize) -> usize {
    // The thread's attribute cache holds the classes it saw alive; a full
    // collection asked for by the program should free dropped ones.
    if generation >= 2 {
        vm.caches.forget_types();
    }
    collect_within(vm, generation, EXPLICIT_STOP_TIMEOUT)
}

fn collect_within(vm: &mut Vm, generation: usize, stop_timeout: Duration) -> usize {
    let heap = vm.state.gc.clone();
    let generation = generation.min(2);
    let gil = vm.gil.clone();
    let _world = if others_run(vm) {
        match gil.stop_the_world(vm.gil_thread(), stop_timeout) {
            Some(stopped) => Some(stopped),
            None => {
                prune_young(&heap);
                return 0;
            }
        }
    } else {
        None
    };
    // The objects to look at, alive (the collector holds one count each).
    let young = take_young(&heap);
    let mut objs: Vec<ObjRef> = young.iter().filter_map(WeakRef::upgrade).collect();
    let young_dead = young.len() - objs.len();
    drop(young);
    {
        let mut old = heap.old.lock();
        count_old_deaths(&mut old, young_dead);
        for g in 1..=generation {
            let list = std::mem::take(&mut old.lists[g - 1]);
            objs.extend(list.iter().filter_map(WeakRef::upgrade));
        }
    }

    let (reachable, unreachable) = find_garbage(&objs);

    // Survivors move up a generation.
    let survivors: Vec<WeakRef<Object>> = objs
        .iter()
        .zip(&reachable)
        .filter(|(_, &r)| r)
        .map(|(o, _)| Ref::downgrade(o))
        .collect();
    let survived = survivors.len();
    {
        let mut old = heap.old.lock();
        let target = (generation + 1).min(2);
        old.lists[target - 1].extend(survivors);
        match generation {
            0 => old.counts[0] += 1,
            1 => {
                old.counts[0] = 0;
                old.counts[1] += 1;
                old.long_lived_pending += survived;
            }
            _ => {
                old.counts = [0, 0];
                old.long_lived_total = survived;
                old.long_lived_pending = 0;
            }
        }
        old.stats[generation].collections += 1;
        old.stats[generation].collected += unreachable.len();
    }

    // Break the cycles: empty the garbage, then let go of it. The trash is
    // dropped while the collector still holds every piece of garbage, so
    // nothing is freed in the middle of clearing.
    let mut trash = Vec::new();
    let mut classes_cleared = false;
    for &i in &unreachable {
        classes_cleared |= traverse::clear(&objs[i], &mut trash);
    }
    if classes_cleared {
        vm.state.types_changed();
    }
    drop(trash);
    for &i in &unreachable {
        if let Object::Generator(g) = &*objs[i] {
            // Still held by other garbage (a cycle of generators and
            // immutable objects): close it now, which frees its frame.
            if Ref::strong_count(&objs[i]) > 1 {
                g.close_for_collector();
            }
        }
    }
    let found = unreachable.len();
    drop(objs);
    found
}

/// Steps 1–3 of the algorithm: which of `objs` are reachable from outside
/// the set, and the indices of the others.
fn find_garbage(objs: &[ObjRef]) -> (Vec<bool>, Vec<usize>) {
    let n = objs.len();
    let mut index = AddressMap::with_capacity_and_hasher(n, Default::default());
    for (i, o) in objs.iter().enumerate() {
        index.insert(address(o), i as u32);
    }
    // Each holds one count of the collector's (`objs`).
    let mut gc_refs: Vec<isize> = objs
        .iter()
        .map(|o| Ref::strong_count(o) as isize - 1)
        .collect();
    let mut in_use = vec![false; n];
    for (i, o) in objs.iter().enumerate() {
        let seen = traverse::visit(o, &mut |child| {
            if let Some(&j) = index.get(&address(child)) {
                gc_refs[j as usize] -= 1;
            }
        });
        in_use[i] = !seen;
    }
    // A negative count means a traversal reported a reference that holds
    // no count: a bug in `traverse::visit`. Such objects are kept.
    debug_assert!(gc_refs.iter().all(|&r| r >= 0), "gc: uncounted reference");
    let mut reachable: Vec<bool> = (0..n).map(|i| gc_refs[i] != 0 || in_use[i]).collect();
    let mut work: Vec<usize> = (0..n).filter(|&i| reachable[i]).collect();
    while let Some(i) = work.pop() {
        traverse::visit(&objs[i], &mut |child| {
            if let Some(&j) = index.get(&address(child)) {
                let j = j as usize;
                if !reachable[j] {
                    reachable[j] = true;
                    work.push(j);
                }
            }
        });
    }
    let unreachable = (0..n).filter(|&i| !reachable[i]).collect();
    (reachable, unreachable)
}

/// `gc.get_objects()`: the tracked objects alive in the calling thread's
/// young list and the older generations (other threads' young objects are
/// not included).
pub fn objects(vm: &Vm) -> Vec<ObjRef> {
    let heap = &vm.state.gc;
    let mut out: Vec<ObjRef> = YOUNG
        .try_with(|y| match y.borrow().as_ref() {
            Some(y) if Arc::ptr_eq(&y.heap, heap) => {
                y.objects.iter().filter_map(WeakRef::upgrade).collect()
            }
            _ => Vec::new(),
        })
        .unwrap_or_default();
    let old = heap.old.lock();
    for list in &old.lists {
        out.extend(list.iter().filter_map(WeakRef::upgrade));
    }
    out
}

/// `gc.is_tracked(obj)`: whether the collector looks at objects like this
/// one (tracking is decided by kind, at creation).
pub fn is_tracked(obj: &Object) -> bool {
    traverse::is_container(obj)
}

/// The interpreter's collector state (for the `gc` module).
pub fn heap(vm: &Vm) -> &Heap {
    &vm.state.gc
}
