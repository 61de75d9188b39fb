-- Every agreement and mechanism of the register, as known now (only `$subjects`, when given).
SELECT * FROM rpt_agreement_register
WHERE $subjects IS NULL OR list_contains($subjects, event_id)
ORDER BY title
