package migratedata

import (
	"fmt"
	"strconv"
	"time"
)

// sqliteTimes are the layouts a time is stored in on SQLite: the driver's
// own (_time_format=sqlite, what the db layer writes), RFC 3339, and the
// date alone of a DATE column. The driver hands most back as time.Time
// already, from the column's declared type; these are for the rest.
var sqliteTimes = []string{
	"2006-01-02 15:04:05.999999999-07:00",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02",
}

// convert turns v, as SQLite's driver returned it, into a value of the
// PostgreSQL type typ (information_schema's udt_name). SQLite stores a
// boolean as 0 or 1 and a time as text, and has no types beside integer,
// real, text and blob; PostgreSQL's COPY wants the type of the column.
func convert(v any, typ string) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch typ {
	case "bool":
		return toBool(v)
	case "int2", "int4", "int8":
		return toInt(v)
	case "float4", "float8", "numeric":
		return toFloat(v)
	case "timestamptz", "timestamp", "date":
		return toTime(v)
	case "bytea":
		switch x := v.(type) {
		case []byte:
			return x, nil
		case string:
			return []byte(x), nil
		}
	case "text", "varchar", "bpchar", "json", "jsonb":
		switch x := v.(type) {
		case string:
			return x, nil
		case []byte:
			return string(x), nil
		case int64:
			return strconv.FormatInt(x, 10), nil
		case float64:
			return strconv.FormatFloat(x, 'g', -1, 64), nil
		}
	default:
		return nil, fmt.Errorf("no conversion to PostgreSQL's %s", typ)
	}
	return nil, fmt.Errorf("cannot store %T %v as %s", v, v, typ)
}

func toBool(v any) (any, error) {
	switch x := v.(type) {
	case int64:
		if x == 0 || x == 1 {
			return x == 1, nil
		}
	case bool:
		return x, nil
	case string:
		if b, err := strconv.ParseBool(x); err == nil {
			return b, nil
		}
	}
	return nil, fmt.Errorf("cannot store %T %v as a boolean", v, v)
}

func toInt(v any) (any, error) {
	switch x := v.(type) {
	case int64:
		return x, nil
	case bool:
		if x {
			return int64(1), nil
		}
		return int64(0), nil
	case float64:
		if x == float64(int64(x)) {
			return int64(x), nil
		}
	case string:
		if n, err := strconv.ParseInt(x, 10, 64); err == nil {
			return n, nil
		}
	}
	return nil, fmt.Errorf("cannot store %T %v as an integer", v, v)
}

func toFloat(v any) (any, error) {
	switch x := v.(type) {
	case float64:
		return x, nil
	case int64:
		return float64(x), nil
	case string:
		if f, err := strconv.ParseFloat(x, 64); err == nil {
			return f, nil
		}
	}
	return nil, fmt.Errorf("cannot store %T %v as a number", v, v)
}

// toTime reads a stored time; times are kept in UTC (db.Time), and a time
// written without a zone is read as UTC.
func toTime(v any) (any, error) {
	switch x := v.(type) {
	case time.Time:
		return x.UTC(), nil
	case []byte:
		return toTime(string(x))
	case string:
		for _, layout := range sqliteTimes {
			if t, err := time.Parse(layout, x); err == nil {
				return t.UTC(), nil
			}
		}
	case int64:
		return time.Unix(x, 0).UTC(), nil
	}
	return nil, fmt.Errorf("cannot store %T %v as a time", v, v)
}
