function Get-PgSecrets {
    <#
    .SYNOPSIS
        Takes secrets in every wrong and right way.

    .DESCRIPTION
        A fixture command with password and credential parameters of the wrong and right types.

    .PARAMETER Password
        Plain text: wrong.

    .PARAMETER DbPassword
        Untyped: wrong.

    .PARAMETER Credential
        A string: wrong.

    .PARAMETER AdminPassword
        SecureString: right.

    .PARAMETER ServiceCredential
        PSCredential: right.

    .EXAMPLE
        Get-PgSecrets -ServiceCredential (Get-Credential)

        Runs it.

    .OUTPUTS
        None
    #>
    [CmdletBinding()]
    [OutputType([void])]
    param (
        [Parameter()]  # expect: Security.Password
        [string]
        $Password,

        [Parameter()]  # expect: Security.Password
        $DbPassword,

        [Parameter()]  # expect: Security.Credential
        [string]
        $Credential,

        [Parameter()]
        [SecureString]
        $AdminPassword,

        [Parameter()]
        [System.Management.Automation.PSCredential]
        $ServiceCredential
    )

    $null = $Password, $DbPassword, $Credential, $AdminPassword, $ServiceCredential
}
