-- What wixl 0.101 cannot express, applied by scripts/build-msi to the database it built, one
-- statement per line (msibuild -q). Lines starting with -- and empty lines are skipped.
--
-- The Environment table (wixl has no <Environment>): machine-wide ("*"), set on install ("="),
-- removed on uninstall ("-"). PATH gets the bin folder appended ("[~];", WiX's Part="last"):
-- the installer removes exactly that part again. Both on the Registration component.
CREATE TABLE `Environment` (`Environment` CHAR(72) NOT NULL, `Name` CHAR(255) NOT NULL LOCALIZABLE, `Value` CHAR(255) LOCALIZABLE, `Component_` CHAR(72) NOT NULL PRIMARY KEY `Environment`)
INSERT INTO `Environment` (`Environment`, `Name`, `Value`, `Component_`) VALUES ('PathBin', '=-*PATH', '[~];[INSTALLFOLDER]bin', 'Registration')
INSERT INTO `Environment` (`Environment`, `Name`, `Value`, `Component_`) VALUES ('PgClusterHome', '=-*PGCLUSTER_HOME', '[INSTALLFOLDER]app', 'Registration')
-- Their standard actions, at the standard sequence numbers (wixl schedules them only for its own tables).
INSERT INTO `InstallExecuteSequence` (`Action`, `Sequence`) VALUES ('RemoveEnvironmentStrings', 3300)
INSERT INTO `InstallExecuteSequence` (`Action`, `Sequence`) VALUES ('WriteEnvironmentStrings', 5200)
--
-- REG_EXPAND_SZ, as regsvr32 with pgevent.dll writes it ("#%"; wixl writes Type="expandable" as
-- REG_SZ, and escapes a "#%" given in Value).
UPDATE `Registry` SET `Value` = '#%[PGHOME]lib\pgevent.dll' WHERE `Registry` = 'RegEventMessageFile'
--
-- Component conditions (wixl has no <Condition> in <Component>). The PostgreSQL entries only with a
-- PostgreSQL; the event source also only when it is absent or this product's (RegisteredEventSource).
-- Both stay true when this product uninstalls itself (PGHOME and the owner mark are read back from
-- the registry), so that an installer that evaluates them then too, as Wine's does, removes them;
-- and no "OR REMOVE", which would make Wine delete a source it never installed.
UPDATE `Component` SET `Condition` = 'PGHOME' WHERE `Component` = 'PostgreSQLLocation'
UPDATE `Component` SET `Condition` = 'PGHOME AND (NOT EVENTSOURCE_FILE OR EVENTSOURCE_OWNED)' WHERE `Component` = 'DefaultEventSource'
--
-- wixl marks its set-property actions (type 51) no-impersonate (2048 + 51), a flag that means
-- something only for deferred actions: plain 51.
UPDATE `CustomAction` SET `Type` = 51 WHERE `Type` = 2099
--
-- MajorUpgrade AllowSameVersionUpgrades="yes" (wixl lacks it): the upper bound is inclusive
-- (1 migrate features + 512 VersionMaxInclusive), so a rebuilt package of the same version
-- replaces the installed one instead of installing beside it. Attributes is part of the key: the
-- row is replaced. @VERSION@ is the product version (scripts/build-msi substitutes it).
DELETE FROM `Upgrade` WHERE `ActionProperty` = 'WIX_UPGRADE_DETECTED'
INSERT INTO `Upgrade` (`UpgradeCode`, `VersionMax`, `Attributes`, `ActionProperty`) VALUES ('{88D11F03-89CB-4EB8-A706-249E23E4D55A}', '@VERSION@', 513, 'WIX_UPGRADE_DETECTED')
--
-- Secure properties reach the installation service in a managed (Group Policy, elevated) install.
UPDATE `Property` SET `Value` = 'INSTALLFOLDER;PGHOME;WIX_DOWNGRADE_DETECTED;WIX_UPGRADE_DETECTED' WHERE `Property` = 'SecureCustomProperties'
--
-- The module's folder (Modules\PgCluster) holds no component, only the version folder that does:
-- a CreateFolder entry makes it the Registration component's, so that RemoveFolders takes it away
-- on uninstall once it is empty (after RemoveFiles emptied the version folder). Windows removes the
-- empty folders it created anyway; Wine does not. wixl's CreateFolder ignores a Directory attribute.
INSERT INTO `CreateFolder` (`Directory_`, `Component_`) VALUES ('PgClusterModuleFolder', 'Registration')
INSERT INTO `InstallExecuteSequence` (`Action`, `Sequence`) VALUES ('RemoveFolders', 3600)
INSERT INTO `InstallExecuteSequence` (`Action`, `Sequence`) VALUES ('CreateFolders', 3700)
