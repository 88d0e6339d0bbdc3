# Stands in for the unit tests of PgBad: most exported commands are called; Get-PgTyped is only
# mocked and asserted on, which does not count as a test of it.
Describe 'PgBad' {
    It 'runs commands' {
        Mock -CommandName Get-PgTyped -MockWith { }
        Get-PgNoHelp -Name 'x'
        Get-PgBadHelp -Name 'x'
        Set-PgNoShouldProcess -Name 'x'
        Remove-PgNoCall -Name 'x'
        Get-PgWithWhatIf -Name 'x'
        Get-PgSecrets
        Get-PgAliasUser -Name 'x'
        Grab-PgThing -Name 'x'
        Get-Thing -Name 'x'
        Get-PgTwo -Name 'x'
        Get-PgMismatch -Name 'x'
        Should -Invoke -CommandName Get-PgTyped -Times 0
    }
}
