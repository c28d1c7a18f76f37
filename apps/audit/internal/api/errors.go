package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"sort"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// apiError is ApiErrorBody of mesh/contracts: a machine-readable code and a sentence.
type apiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// writeJSON encodes first and writes after, so a body that cannot be encoded is a coded 500,
// never a 200 with nothing in it.
func writeJSON(w http.ResponseWriter, status int, body any) {
	encoded, err := json.Marshal(body)
	if err != nil {
		status = http.StatusInternalServerError
		encoded, _ = json.Marshal(apiError{Code: "INTERNAL", Message: "Internal error"})
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(encoded, '\n'))
}

func writeError(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, apiError{Code: code, Message: message})
}

// fieldProblems names each bad field and what is wrong with it ("/limit: maximum: got 501,
// want 500"), without the schema's file location a caller has no use for.
func fieldProblems(err error) string {
	var invalid *jsonschema.ValidationError
	if !errors.As(err, &invalid) {
		return "does not match the contract"
	}
	seen := map[string]bool{}
	for _, unit := range invalid.BasicOutput().Errors {
		if unit.Error == nil {
			continue
		}
		where := unit.InstanceLocation
		if where == "" {
			where = "(root)"
		}
		seen[where+": "+unit.Error.String()] = true
	}
	problems := make([]string, 0, len(seen))
	for p := range seen {
		problems = append(problems, p)
	}
	sort.Strings(problems)
	return strings.Join(problems, "; ")
}
