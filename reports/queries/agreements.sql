-- Every agreement and mechanism of the register, as known now.
SELECT * FROM rpt_agreement_register ORDER BY title
