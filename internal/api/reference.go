package api

import (
	"fmt"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Reference is the API's description as people read it: what the web
// server's /api/docs page shows, taken from openapi.yaml so that the page
// and the served description never disagree. Its text is the
// description's own, in English.
type Reference struct {
	Title, Version string
	Base           string      // where the paths start (/api/v1)
	Intro          []Paragraph // the description's paragraphs
	Groups         []Group     // the operations, by tag in the description's order
	Schemas        []Schema    // the named schemas, by name
}

// Paragraph is a paragraph of the description's simple markdown: text,
// `code` and **strong** spans; nothing else is used.
type Paragraph []Span

// Span is a run of a paragraph.
type Span struct {
	Text         string
	Code, Strong bool
}

// Group is the operations under one tag.
type Group struct {
	Tag         string
	Description string
	Operations  []Operation
}

// Operation is one method on one path.
type Operation struct {
	ID          string // the operationId, the anchor of its section
	Method      string
	Path        string
	Summary     string
	Description []Paragraph
	Token       bool // a token is required
	Parameters  []Parameter
	Body        *Body
	Responses   []Response
}

// Parameter is a path, query or header parameter.
type Parameter struct {
	Name, In    string
	Required    bool
	Type        Type
	Description []Paragraph
}

// Body is an operation's request body.
type Body struct {
	Required bool
	Media    string
	Type     Type
	Fields   []Field // an inline object's fields
}

// Response is one status an operation answers with.
type Response struct {
	Status      string
	Description string
	Media       string
	Type        Type
	Fields      []Field // an inline object's fields
	Headers     []string
}

// Schema is a named schema of the components.
type Schema struct {
	Name        string
	Description string
	Type        Type
	Fields      []Field
}

// Field is a property of an object.
type Field struct {
	Name        string
	Required    bool
	Type        Type
	Description string
}

// Type describes a schema in a line: its kind and constraints, and Ref,
// the name of the named schema it is or holds, which the page links to.
type Type struct {
	Text string
	Ref  string
}

// LoadReference reads Spec into a Reference.
func LoadReference() (Reference, error) {
	doc, err := openapi3.NewLoader().LoadFromData(Spec)
	if err != nil {
		return Reference{}, fmt.Errorf("api: load the description: %w", err)
	}
	ref := Reference{Title: doc.Info.Title, Version: doc.Info.Version, Intro: paragraphs(doc.Info.Description)}
	if len(doc.Servers) > 0 {
		ref.Base = doc.Servers[0].URL
	}
	var tags []string
	described := map[string]string{}
	for _, t := range doc.Tags {
		tags, described[t.Name] = append(tags, t.Name), t.Description
	}
	byTag := map[string][]Operation{}
	paths := doc.Paths.Keys()
	slices.Sort(paths)
	for _, path := range paths {
		item := doc.Paths.Value(path)
		for _, method := range methods {
			op := item.GetOperation(method)
			if op == nil {
				continue
			}
			tag := ""
			if len(op.Tags) > 0 {
				tag = op.Tags[0]
			}
			if !slices.Contains(tags, tag) {
				tags = append(tags, tag)
			}
			byTag[tag] = append(byTag[tag], operation(doc, method, path, item, op))
		}
	}
	for _, tag := range tags {
		if len(byTag[tag]) > 0 {
			ref.Groups = append(ref.Groups, Group{Tag: tag, Description: described[tag], Operations: byTag[tag]})
		}
	}
	names := make([]string, 0, len(doc.Components.Schemas))
	for name := range doc.Components.Schemas {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		s := doc.Components.Schemas[name].Value
		ref.Schemas = append(ref.Schemas, Schema{Name: name, Description: s.Description, Type: typeOf(&openapi3.SchemaRef{Value: s}), Fields: fields(s)})
	}
	return ref, nil
}

var methods = []string{"GET", "POST", "PUT", "PATCH", "DELETE"}

func operation(doc *openapi3.T, method, path string, item *openapi3.PathItem, op *openapi3.Operation) Operation {
	o := Operation{ID: op.OperationID, Method: method, Path: path, Summary: op.Summary, Description: paragraphs(op.Description)}
	security := doc.Security
	if op.Security != nil {
		security = *op.Security
	}
	// A token is required when no alternative asks for nothing.
	o.Token = len(security) > 0 && !slices.ContainsFunc(security, func(r openapi3.SecurityRequirement) bool { return len(r) == 0 })
	for _, p := range append(slices.Clone(item.Parameters), op.Parameters...) {
		v := p.Value
		o.Parameters = append(o.Parameters, Parameter{Name: v.Name, In: v.In, Required: v.Required, Type: typeOf(v.Schema), Description: paragraphs(v.Description)})
	}
	if op.RequestBody != nil && op.RequestBody.Value != nil {
		rb := op.RequestBody.Value
		for media, mt := range rb.Content {
			o.Body = &Body{Required: rb.Required, Media: media, Type: typeOf(mt.Schema), Fields: inlineFields(mt.Schema)}
		}
	}
	statuses := op.Responses.Keys()
	slices.Sort(statuses)
	for _, status := range statuses {
		rr := op.Responses.Value(status).Value
		r := Response{Status: status}
		if rr.Description != nil {
			r.Description = *rr.Description
		}
		for name := range rr.Headers {
			r.Headers = append(r.Headers, name)
		}
		slices.Sort(r.Headers)
		for media, mt := range rr.Content {
			r.Media, r.Type, r.Fields = media, typeOf(mt.Schema), inlineFields(mt.Schema)
		}
		o.Responses = append(o.Responses, r)
	}
	return o
}

// inlineFields lists the fields of an object written in place; a named
// schema's are listed under its own heading.
func inlineFields(s *openapi3.SchemaRef) []Field {
	if s == nil || s.Ref != "" || s.Value == nil {
		return nil
	}
	return fields(s.Value)
}

func fields(s *openapi3.Schema) []Field {
	names := make([]string, 0, len(s.Properties))
	for name := range s.Properties {
		names = append(names, name)
	}
	// Required fields first, then the rest, each alphabetically.
	slices.SortFunc(names, func(a, b string) int {
		ra, rb := slices.Contains(s.Required, a), slices.Contains(s.Required, b)
		if ra != rb {
			if ra {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	list := make([]Field, 0, len(names))
	for _, name := range names {
		p := s.Properties[name]
		desc := ""
		if p.Value != nil {
			desc = p.Value.Description
		}
		list = append(list, Field{Name: name, Required: slices.Contains(s.Required, name), Type: typeOf(p), Description: desc})
	}
	return list
}

// typeOf writes a schema as a line: "string (date)", "array of Course",
// "integer, 1–100", "one of: sent, accepted".
func typeOf(s *openapi3.SchemaRef) Type {
	if s == nil || s.Value == nil {
		return Type{}
	}
	if s.Ref != "" {
		name := s.Ref[strings.LastIndex(s.Ref, "/")+1:]
		return Type{Text: name, Ref: name}
	}
	v := s.Value
	t := Type{Text: strings.Join(v.Type.Slice(), " or ")}
	if v.Type.Is("array") && v.Items != nil {
		item := typeOf(v.Items)
		t = Type{Text: "array of " + item.Text, Ref: item.Ref}
	}
	var notes []string
	if v.Format != "" {
		notes = append(notes, v.Format)
	}
	if len(v.Enum) > 0 {
		values := make([]string, len(v.Enum))
		for i, e := range v.Enum {
			values[i] = fmt.Sprintf("%q", e)
		}
		notes = append(notes, "one of "+strings.Join(values, ", "))
	}
	if v.Min != nil {
		notes = append(notes, fmt.Sprintf("minimum %g", *v.Min))
	}
	if v.Max != nil {
		notes = append(notes, fmt.Sprintf("maximum %g", *v.Max))
	}
	if v.MaxLength != nil {
		notes = append(notes, fmt.Sprintf("at most %d characters", *v.MaxLength))
	}
	if v.Pattern != "" {
		notes = append(notes, "pattern "+v.Pattern)
	}
	if len(notes) > 0 {
		t.Text = strings.TrimSpace(t.Text + " (" + strings.Join(notes, "; ") + ")")
	}
	return t
}

// paragraphs splits text at blank lines and each paragraph into spans of
// `code` and **strong**.
func paragraphs(text string) []Paragraph {
	var list []Paragraph
	for _, block := range strings.Split(strings.TrimSpace(text), "\n\n") {
		block = strings.Join(strings.Fields(block), " ")
		if block == "" {
			continue
		}
		list = append(list, spans(block))
	}
	return list
}

func spans(text string) Paragraph {
	var p Paragraph
	for text != "" {
		i := strings.IndexAny(text, "`*")
		if i < 0 {
			return append(p, Span{Text: text})
		}
		mark := "`"
		if text[i] == '*' {
			if !strings.HasPrefix(text[i:], "**") {
				p = append(p, Span{Text: text[:i+1]})
				text = text[i+1:]
				continue
			}
			mark = "**"
		}
		end := strings.Index(text[i+len(mark):], mark)
		if end < 0 {
			return append(p, Span{Text: text})
		}
		if i > 0 {
			p = append(p, Span{Text: text[:i]})
		}
		inner := text[i+len(mark) : i+len(mark)+end]
		p = append(p, Span{Text: inner, Code: mark == "`", Strong: mark == "**"})
		text = text[i+2*len(mark)+end:]
	}
	return p
}
