// Package schemas checks what audit receives against the JSON Schemas generated from the zod
// contracts (mesh/contracts/schemas): the one definition every language reads.
package schemas

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Validator holds the compiled schemas, by name ("topics/auction.events").
type Validator struct {
	compiled map[string]*jsonschema.Schema
}

// Load compiles <dir>/<name>.json for each name; a missing or broken schema stops the start.
func Load(dir string, names ...string) (*Validator, error) {
	c := jsonschema.NewCompiler()
	v := &Validator{compiled: map[string]*jsonschema.Schema{}}
	for _, name := range names {
		path := filepath.Join(dir, name+".json")
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("schema %s: %w", name, err)
		}
		doc, err := jsonschema.UnmarshalJSON(f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("schema %s: %w", path, err)
		}
		if err := c.AddResource(path, doc); err != nil {
			return nil, fmt.Errorf("schema %s: %w", path, err)
		}
		if v.compiled[name], err = c.Compile(path); err != nil {
			return nil, fmt.Errorf("schema %s: %w", path, err)
		}
	}
	return v, nil
}

// Validate checks one JSON document against the schema called name.
func (v *Validator) Validate(name string, data []byte) error {
	s, ok := v.compiled[name]
	if !ok {
		return fmt.Errorf("no schema %q was loaded", name)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	return s.Validate(inst)
}

// TopicSchema names the schema of a topic's messages.
func TopicSchema(topic string) string { return "topics/" + topic }
