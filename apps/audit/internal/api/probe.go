package api

import (
	"context"
	"fmt"
	"net/http"
)

// ProbeLive asks the audit service at baseURL whether it is live. It is the image's HEALTHCHECK
// (`audit healthcheck`): a distroless image has no shell or curl to ask with.
func ProbeLive(ctx context.Context, baseURL string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, baseURL+LivePath, nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("%s answered %d", LivePath, res.StatusCode)
	}
	return nil
}
