"""Users' own AI configurations (/api/v1/llm-configs) and the per-request choice of provider."""
