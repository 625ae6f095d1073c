package graph

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
)

// jsonHash is the content hash as relmap computed it before Hash wrote the
// JSON itself: json.Marshal of the record without its audit fields,
// SHA-256, the first 16 bytes in hex. Databases written by those versions
// hold these hashes.
func jsonHash(t *testing.T, record any) string {
	t.Helper()
	v := reflect.New(reflect.TypeOf(record)).Elem()
	v.Set(reflect.ValueOf(record))
	v.FieldByName("Audit").SetZero()
	b, err := json.Marshal(v.Interface())
	if err != nil {
		t.Fatalf("json.Marshal(%+v): %v", record, err)
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:16])
}

// TestHashIsMarshalsJSON checks that Hash gives, for records with every
// field set or left empty at random (strings with every character
// encoding/json escapes, invalid UTF-8, times with fractions and zones,
// floats in both of Marshal's notations), the hash computed through
// json.Marshal: a database written before Hash wrote its own JSON finds
// its records unchanged. Filling by reflection also covers a field added
// later that Hash does not write.
func TestHashIsMarshalsJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 3))
	for _, record := range []any{Employee{}, Organisation{}, Person{}, Relationship{}, Contact{}} {
		typ := reflect.TypeOf(record)
		for i := range 3000 {
			v := reflect.New(typ).Elem()
			fill(r, v, i%10 == 0)
			x := v.Interface()
			got := x.(interface{ Hash() string }).Hash()
			if want := jsonHash(t, x); got != want {
				b, _ := json.Marshal(x)
				t.Fatalf("%s.Hash() = %s, json.Marshal's hash %s; record %s", typ.Name(), got, want, b)
			}
		}
	}
}

// TestHashStable pins the hashes of three records to the values the
// versions before it stored (computed with relmap at 297c62f, through
// json.Marshal), so that a change of the format cannot pass unnoticed.
func TestHashStable(t *testing.T) {
	for _, c := range []struct {
		name string
		x    interface{ Hash() string }
		want string
	}{
		{"relationship", Relationship{ID: "rel-1", Type: RelKnows, From: "per-1", To: "per-2", Strength: 0.7,
			Since: time.Date(2020, 3, 1, 0, 0, 0, 0, time.UTC), Note: `met at <Fonds X> & "co"`},
			"58cb93d865e403c3d635766ca7ea2feb"},
		{"contact", Contact{ID: "c-1", Date: time.Date(2024, 5, 6, 9, 30, 0, 123000000, time.UTC), EmployeeID: "emp-1",
			StakeholderID: "org-1", Mode: ModeMeeting}, "5602b0a176b519c367269c12a21676fc"},
		{"person", Person{ID: "per-1", Name: "Jan de Vries", OtherEmails: []string{"a@b.nl", "c@d.nl"},
			Contribution: Contribution{Know: "wet", InterestsUnknown: true}, Objects: true,
			ObjectedAt: time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)}, "c49b179c879cc1475a282c8677bccef1"},
	} {
		if got := c.x.Hash(); got != c.want {
			t.Errorf("%s: Hash() = %s, want %s", c.name, got, c.want)
		}
	}
}

// TestHashAllocations checks that hashing a relationship of a large
// import allocates only its result.
func TestHashAllocations(t *testing.T) {
	r := Relationship{ID: "rel-123456", Type: RelKnows, From: "per-1234", To: "per-98765", Strength: 0.4}
	if n := testing.AllocsPerRun(100, func() { _ = r.Hash() }); n > 1 {
		t.Errorf("Relationship.Hash allocates %v times, want 1 (the string)", n)
	}
}

// fill sets each field of the struct v (and of the structs it embeds or
// holds) to a random value, or leaves it zero with probability 1/3 (all of
// them when empty).
func fill(r *rand.Rand, v reflect.Value, empty bool) {
	for i := range v.NumField() {
		f := v.Field(i)
		if f.Kind() == reflect.Struct && f.Type() != reflect.TypeOf(time.Time{}) {
			fill(r, f, empty)
			continue
		}
		if empty || r.IntN(3) == 0 {
			continue
		}
		switch f.Interface().(type) {
		case time.Time:
			f.Set(reflect.ValueOf(randomTime(r)))
		case float64:
			f.SetFloat(randomFloat(r))
		case bool:
			f.SetBool(true)
		case []string:
			ss := make([]string, r.IntN(3)) // also an empty, non-nil list
			for j := range ss {
				ss[j] = randomString(r)
			}
			f.Set(reflect.ValueOf(ss))
		default:
			if f.Kind() != reflect.String {
				panic("fill: no values for " + f.Type().String())
			}
			f.SetString(randomString(r))
		}
	}
}

// randomString joins pieces that encoding/json writes as they are and
// pieces it escapes.
func randomString(r *rand.Rand) string {
	pieces := []string{"a", "per-12", " ", "é", "€", "😀", "<", ">", "&", `"`, `\`, "/", "'", "\x00", "\x01", "\x1f",
		"\b", "\f", "\n", "\r", "\t", "\x7f", "\u2028", "\u2029", "\ufffd", "\xff", "\xe2\x80", "\xc3", "0.5", "=1+2"}
	s := ""
	for range r.IntN(6) {
		s += pieces[r.IntN(len(pieces))]
	}
	return s
}

func randomTime(r *rand.Rand) time.Time {
	zones := []*time.Location{time.UTC, time.FixedZone("", 3600), time.FixedZone("", -(9*3600 + 30*60)), time.FixedZone("", 14*3600)}
	t := time.Unix(r.Int64N(253402300799-2*86400+62135596800)-62135596800+86400, 0).In(zones[r.IntN(len(zones))])
	switch r.IntN(4) {
	case 0:
		return t.Add(time.Duration(r.IntN(1e9)))
	case 1:
		return t.Add(time.Duration(r.IntN(1000)) * time.Millisecond)
	}
	return t
}

func randomFloat(r *rand.Rand) float64 {
	special := []float64{math.Copysign(0, -1), 1, 0.1, 0.7, 1e-6, 9.99e-7, 1e-7, 5e-324, 1e20, 1e21, -1e21, 123456789.125, math.MaxFloat64}
	if r.IntN(2) == 0 {
		return special[r.IntN(len(special))]
	}
	for {
		if f := math.Float64frombits(r.Uint64()); !math.IsNaN(f) && !math.IsInf(f, 0) {
			return f
		}
	}
}
