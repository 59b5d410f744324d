// Uniqueness of Serial.nlm_uid. Parameters: none. Columns: none.
CREATE CONSTRAINT serial_nlm_uid IF NOT EXISTS FOR (n:Serial) REQUIRE n.nlm_uid IS UNIQUE
