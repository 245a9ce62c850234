-- Documents that rewrite an earlier one: the pages int_news_documents_simhash_matches found an
-- original for, each pointing at the earliest document it matches.
select document_id, original_document_id, original_url, hamming_bits
from {{ ref('int_news_documents_simhash_matches') }}
where original_document_id is not null
