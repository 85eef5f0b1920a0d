#!/bin/bash
# shard_e2e.sh <racekit> <ci-dir> <scratch-dir> - racekit grade beyond one
# machine: a class from basics/counter (two repairs, a wrong one, one that
# does not compile, a folder without safe.c) graded whole, then in shards
# by the commands of ci/github/grade-shards.yml (a matrix) and
# ci/gitlab/grade-shards.gitlab-ci.yml (`parallel:`), run here as their
# engines would (ci_files.py: each shard in its own folder, the gradebooks
# moved without .work/, then the merge job): the merged gradebook is the
# whole class's (CSV, JSON, JUnit and HTML the same bytes, feedback the same
# but the shard's own paths). The shares are disjoint, cover the class and
# stay when a student is added; --merge refuses a missing shard, a shard
# given twice, a student in two gradebooks and another exercise, each with
# one line naming the file.
here=$(cd "$(dirname "$0")" && pwd)
ci=$2
. "$here/../../tests/e2e_lib.sh" "$1" "$3"
ex="$SCRATCH/course/a1/counter"
subs="$SCRATCH/submissions"
bin="$SCRATCH/bin"
mkdir -p "$bin" && ln -s "$(cd "$(dirname "$RACEKIT")" && pwd)/$(basename "$RACEKIT")" "$bin/racekit"
"$RACEKIT" exercise basics/counter "$ex" >/dev/null || { fail "racekit exercise basics/counter"; finish; }
sed -i 's/^timeout: 10$/timeout: 4/' "$ex/README.md"

submission() { mkdir -p "$subs/$1" && sed "$2" "$ex/safe.c" >"$subs/$1/safe.c"; }
lock='s/^    counter++; \/\/ RACE$/    pthread_mutex_lock(\&lock);\n    counter++;\n    pthread_mutex_unlock(\&lock);/'
global='s/^static long counter;$/static long counter;\nstatic pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;/'
submission Alice_99 "$global;$lock"
submission bob.smith "$lock;s/^    (void)shared;$/    (void)shared;\n    pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;/"
submission carol 's/^    counter++; \/\/ RACE$/    counter++ \/\/ no semicolon/'
submission dave "$global;$lock"
mkdir -p "$subs/erin"

grade() { out=$("$RACEKIT" grade "$@" 2>&1); status=$?; }
grade -j2 -o "$SCRATCH/whole" "$ex" "$subs"
expect_status 0

# same WHOLE MERGED - the merged gradebook is the whole class's.
same() {
  for f in grades.csv grades.json grades.junit.xml index.html; do
    cmp -s "$1/$f" "$2/$f" || fail "$2/$f is not the whole class's: $(diff "$1/$f" "$2/$f" | head -5)"
  done
  for f in "$1"/feedback/*.md; do
    # The grader's command names the gradebook that graded it (the
    # shard's), and the shards ran racekit from PATH.
    diff <(grep -v RACEKIT_BUILD_DIR= "$f" | sed "s|$RACEKIT |racekit |") \
      <(grep -v RACEKIT_BUILD_DIR= "$2/feedback/$(basename "$f")") >/dev/null \
      || fail "$2/feedback/$(basename "$f") is not the whole class's"
  done
  [ "$(ls "$1/feedback" | wc -l)" = "$(ls "$2/feedback" | wc -l)" ] || fail "$2/feedback: not one file per student"
}

for engine in github gitlab; do
  file=$ci/github/grade-shards.yml
  [ $engine = gitlab ] && file=$ci/gitlab/grade-shards.gitlab-ci.yml
  json=$(python3 "$here/ci_files.py" shards-$engine "$file" "$SCRATCH/$engine" "$bin" "$ex" "$subs" 2>"$SCRATCH/$engine.log") \
    || { fail "$file: $(tail -5 "$SCRATCH/$engine.log")"; continue; }
  merged=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["gradebook"])' "$json")
  same "$SCRATCH/whole" "$merged"
  case "$json" in *"merged 4 gradebooks: 5 submissions"*) ;; *) fail "$file: the merge's log: $json" ;; esac
done

# The shares: every student in exactly one, and a new student moves nobody.
for k in 1 2 3; do
  grade -o "$SCRATCH/s$k" --shard $k/3 "$ex" "$subs"
  expect_status 0
  case "$out" in *"grade: shard $k/3: "*) ;; *) fail "--shard $k/3: $out" ;; esac
done
who() { python3 -c 'import json,sys; print(" ".join(s["student"] for s in json.load(open(sys.argv[1]))["students"]))' "$1/grades.json"; }
all="$(who "$SCRATCH/s1") $(who "$SCRATCH/s2") $(who "$SCRATCH/s3")"
[ "$(tr ' ' '\n' <<<"$all" | grep -v '^$' | sort | tr '\n' ' ')" = "Alice_99 bob.smith carol dave erin " ] \
  || fail "the three shares are not the class once: $all"
before=$(who "$SCRATCH/s2")
submission zoe "$global;$lock"
grade -o "$SCRATCH/s2b" --shard 2/3 "$ex" "$subs"
after=$(who "$SCRATCH/s2b")
[ "$(sed 's/ *zoe//' <<<"$after")" = "$before" ] || fail "a new student moved others: shard 2 was '$before', now '$after'"
rm -rf "$subs/zoe"
expect_field "$SCRATCH/s1/grades.json" 'd["shard"]' "1/3"
expect_field "$SCRATCH/whole/grades.json" 'd["shard"]' "None"

# --merge refuses, one line naming the file.
merge_fails() {
  grade --merge -o "$SCRATCH/bad" "${@:2}"
  expect_status 2
  [ "$(wc -l <<<"$out")" = 1 ] && case "$out" in *"$1"*) true ;; *) false ;; esac || fail "--merge ${*:2}: '$out', want '$1'"
}
merge_fails "merge: shard 3/3 is missing (2 of 3 gradebooks given)" "$SCRATCH/s1" "$SCRATCH/s2"
merge_fails "s1/grades.json: shard 1/3 is given twice" "$SCRATCH/s1" "$SCRATCH/s1" "$SCRATCH/s2" "$SCRATCH/s3"
merge_fails "s1/grades.json: a shard, but $SCRATCH/whole/grades.json is the whole class" "$SCRATCH/whole" "$SCRATCH/s1"
# Two sections graded whole: a student in both is refused.
cp -r "$SCRATCH/whole" "$SCRATCH/again"
merge_fails "again/grades.json: the student 'Alice_99' is also in $SCRATCH/whole/grades.json" "$SCRATCH/whole" "$SCRATCH/again"
"$RACEKIT" exercise basics/counter "$SCRATCH/course/a2/counter" >/dev/null
grade -o "$SCRATCH/other" "$SCRATCH/course/a2/counter" "$SCRATCH/class-none" # no such folder: bad usage
expect_status 2
mkdir -p "$SCRATCH/one/erin"
grade -o "$SCRATCH/other" "$SCRATCH/course/a2/counter" "$SCRATCH/one"
merge_fails "other/grades.json: a gradebook of another exercise" "$SCRATCH/whole" "$SCRATCH/other"
merge_fails "nothing/grades.json: cannot read" "$SCRATCH/nothing"
grade --shard 4/3 "$ex" "$subs"
expect_status 2
grade --merge -j2 "$SCRATCH/s1"
expect_status 2
finish
