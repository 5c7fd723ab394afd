-- The Overview's busiest tokens, read from an index alone: each token's "total" rows of a span over
-- the window, not every dimension of every token.

-- CreateIndex
CREATE INDEX "TokenUsage_span_dimension_start_tokenId_count_idx" ON "TokenUsage"("span", "dimension", "start", "tokenId", "count");

