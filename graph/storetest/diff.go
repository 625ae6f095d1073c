package storetest

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"time"
)

// Diff describes the first difference between want and got, or returns ""
// when they are equal. Equal means reflect.DeepEqual, except that a nil and
// an empty slice are equal (stores may return either for "none") and times
// must be DeepEqual (same instant, same location), which == on time.Time
// also requires.
func Diff(want, got any) string {
	return diffValue("", reflect.ValueOf(want), reflect.ValueOf(got))
}

var timeType = reflect.TypeFor[time.Time]()

func diffValue(path string, w, g reflect.Value) string {
	if !w.IsValid() || !g.IsValid() {
		if w.IsValid() == g.IsValid() {
			return ""
		}
		return fmt.Sprintf("%s: want %s, got %s", at(path), show(w), show(g))
	}
	if w.Type() != g.Type() {
		return fmt.Sprintf("%s: want a %s, got a %s", at(path), w.Type(), g.Type())
	}
	if w.Type() == timeType {
		wt, gt := w.Interface().(time.Time), g.Interface().(time.Time)
		if !reflect.DeepEqual(wt, gt) {
			return fmt.Sprintf("%s: want %s (%s), got %s (%s)", at(path),
				wt.Format(time.RFC3339Nano), wt.Location(), gt.Format(time.RFC3339Nano), gt.Location())
		}
		return ""
	}
	switch w.Kind() {
	case reflect.Pointer, reflect.Interface:
		if w.IsNil() || g.IsNil() {
			if w.IsNil() && g.IsNil() {
				return ""
			}
			return fmt.Sprintf("%s: want %s, got %s", at(path), show(w), show(g))
		}
		return diffValue(path, w.Elem(), g.Elem())
	case reflect.Struct:
		for i := range w.NumField() {
			f := w.Type().Field(i)
			if !f.IsExported() {
				if !reflect.DeepEqual(w.Interface(), g.Interface()) {
					return fmt.Sprintf("%s: want %s, got %s", at(path), show(w), show(g))
				}
				return ""
			}
			if d := diffValue(path+"."+f.Name, w.Field(i), g.Field(i)); d != "" {
				return d
			}
		}
		return ""
	case reflect.Slice, reflect.Array:
		n := min(w.Len(), g.Len())
		for i := range n {
			if d := diffValue(fmt.Sprintf("%s[%d]", path, i), w.Index(i), g.Index(i)); d != "" {
				return d
			}
		}
		switch {
		case w.Len() > n:
			return fmt.Sprintf("%s: want %d elements, got %d; the first missing is %s", at(path), w.Len(), g.Len(), show(w.Index(n)))
		case g.Len() > n:
			return fmt.Sprintf("%s: want %d elements, got %d; the first extra is %s", at(path), w.Len(), g.Len(), show(g.Index(n)))
		}
		return ""
	case reflect.Map:
		keys := w.MapKeys()
		for _, k := range g.MapKeys() {
			if !w.MapIndex(k).IsValid() {
				keys = append(keys, k)
			}
		}
		sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
		for _, k := range keys {
			if d := diffValue(fmt.Sprintf("%s[%v]", path, k), w.MapIndex(k), g.MapIndex(k)); d != "" {
				return d
			}
		}
		return ""
	case reflect.Float32, reflect.Float64:
		if a, b := w.Float(), g.Float(); a != b && !(math.IsNaN(a) && math.IsNaN(b)) {
			return fmt.Sprintf("%s: want %v, got %v", at(path), a, b)
		}
		return ""
	}
	if !reflect.DeepEqual(w.Interface(), g.Interface()) {
		return fmt.Sprintf("%s: want %s, got %s", at(path), show(w), show(g))
	}
	return ""
}

func at(path string) string {
	if path == "" {
		return "value"
	}
	if path[0] == '.' {
		return path[1:]
	}
	return path
}

func show(v reflect.Value) string {
	if !v.IsValid() {
		return "nothing"
	}
	if v.Kind() == reflect.Pointer && !v.IsNil() {
		return "&" + show(v.Elem())
	}
	if v.Kind() == reflect.String {
		return fmt.Sprintf("%q", v.String())
	}
	return fmt.Sprintf("%+v", v.Interface())
}
